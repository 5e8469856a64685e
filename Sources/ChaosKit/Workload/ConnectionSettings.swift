// Client-side timeouts and keepalives that keep a write to a dead or black-holed server from hanging.

/// Timeouts and TCP keepalive settings for a writer's connections.
public struct ConnectionSettings: Sendable, Hashable, Codable {
    /// libpq `connect_timeout` in whole seconds per host (libpq treats values below 2 as 2).
    public var connectTimeoutSeconds: Int = 2
    /// `tcp_user_timeout` in milliseconds: unacknowledged data for this long kills the connection.
    public var tcpUserTimeoutMs: Int = 2_000
    /// Idle seconds before the first keepalive probe.
    public var keepalivesIdleSeconds: Int = 1
    /// Seconds between keepalive probes.
    public var keepalivesIntervalSeconds: Int = 1
    /// Unanswered probes before the connection is declared dead.
    public var keepalivesCount: Int = 3
    /// Server-side `statement_timeout` and client-side deadline for one write, in milliseconds.
    public var statementTimeoutMs: Int = 2_000

    /// The defaults: 2 s connect, 2 s TCP user timeout, 1/1/3 keepalives, 2 s per write.
    public init() {}
}
