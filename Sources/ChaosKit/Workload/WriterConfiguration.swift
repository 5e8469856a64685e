// What one writer does: which path, how to connect, how fast, under which run id.

/// Settings for one path's writer.
public struct WriterConfiguration: Sendable, Hashable {
    /// The path this writer measures.
    public var path: WritePath
    /// The libpq connection string (see ``PostgresDSN``).
    public var dsn: String
    /// One connection string per host when the writer holds a session to every host (the direct path built from an
    /// endpoint with several hosts; see ``WriteSessions``); empty: one connection through ``dsn``.
    public var hostDSNs: [String] = []
    /// Attempts per second on a fixed schedule; 0 means as fast as one connection allows (benchmarks).
    public var rate: Double
    /// Client-side deadline of one write in nanoseconds (also sent as `statement_timeout`).
    public var opTimeoutNs: Int64
    /// The run id every row carries.
    public var runId: String
    /// The share of a core that opening connections may take while the path is down (see ``ReconnectBudget``):
    /// refused connections go out at every tick, authenticating ones no faster than this allows.
    public var reconnectCPUShare: Double = ReconnectBudget.standard.share

    /// Creates a configuration; `rate` defaults to 100 writes/s and the deadline to 2 s.
    public init(path: WritePath, dsn: String, runId: String, rate: Double = 100, opTimeoutNs: Int64 = 2_000_000_000) {
        self.path = path
        self.dsn = dsn
        self.rate = rate
        self.opTimeoutNs = opTimeoutNs
        self.runId = runId
    }

    /// A configuration built from an endpoint and connection settings.
    public init(
        path: WritePath, endpoint: WriterEndpoint, runId: String, rate: Double = 100,
        settings: ConnectionSettings = ConnectionSettings()
    ) {
        self.init(
            path: path, dsn: PostgresDSN.make(path: path, endpoint: endpoint, settings: settings), runId: runId,
            rate: rate, opTimeoutNs: Int64(settings.statementTimeoutMs) * 1_000_000)
        if path == .direct, endpoint.hosts.count > 1 {
            hostDSNs = endpoint.hosts.map { host in
                var single = endpoint
                single.hosts = [host]
                return PostgresDSN.make(path: path, endpoint: single, settings: settings, targetSessionAttributes: "any")
            }
        }
    }
}
