// What one writer does: which path, how to connect, how fast, under which run id.

/// Settings for one path's writer.
public struct WriterConfiguration: Sendable, Hashable {
    /// The path this writer measures.
    public var path: WritePath
    /// The libpq connection string (see ``PostgresDSN``).
    public var dsn: String
    /// Attempts per second on a fixed schedule; 0 means as fast as one connection allows (benchmarks).
    public var rate: Double
    /// Client-side deadline of one write in nanoseconds (also sent as `statement_timeout`).
    public var opTimeoutNs: Int64
    /// The run id every row carries.
    public var runId: String
    /// After a failed attempt, the least time before the writer connects again (ticks in between are skipped,
    /// not recorded). Every connection costs a SCRAM handshake with each node libpq tries; reconnecting at the
    /// full rate through a failover kept the runner busy with PBKDF2 (60 % of a core). It is also the
    /// resolution of RTO: the first acknowledged write comes at most this long after the path is back.
    public var reconnectIntervalNs: Int64 = 100_000_000

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
    }
}
