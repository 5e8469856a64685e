// The ways the readers reach the data the writers wrote.

/// A way for clients to read: through PgPool-II's load balancing, or straight to a standby.
public enum ReadPath: String, Sendable, Hashable, CaseIterable, Codable {
    /// Through PgPool-II, which sends a read-only SELECT to a backend it chooses (load balancing).
    case pgpool
    /// libpq multi-host over every PostgreSQL node with `target_session_attrs=prefer-standby`: a standby while
    /// one accepts connections, else the primary.
    case replica

    /// The endpoint's connection string for this path (the same timeouts and keepalives as the writers').
    public func dsn(direct: WriterEndpoint, pgpool: WriterEndpoint, settings: ConnectionSettings) -> String {
        switch self {
        case .pgpool:
            return PostgresDSN.make(path: .pgpool, endpoint: pgpool, settings: settings, applicationName: "chaos-read-pgpool")
        case .replica:
            return PostgresDSN.make(
                path: .direct, endpoint: direct, settings: settings, targetSessionAttributes: "prefer-standby",
                applicationName: "chaos-read-replica")
        }
    }
}

/// One reader of a scenario's workload: a path and a rate.
public struct ReaderSpec: Sendable, Hashable, Codable {
    /// Where it reads.
    public var path: ReadPath
    /// Reads per second.
    public var rate: Int

    /// Creates a reader (50 reads/s unless said otherwise).
    public init(path: ReadPath, rate: Int = 50) {
        self.path = path
        self.rate = rate
    }
}
