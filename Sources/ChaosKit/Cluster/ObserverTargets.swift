// What the observer polls. Filled by the engine from the inventory.

/// The endpoints the cluster observer polls.
public struct ObserverTargets: Sendable, Hashable {
    /// Patroni REST base URL per member name, e.g. `pg1` → `http://10.203.0.21:8008`.
    public var patroni: [String: String]
    /// etcd client URLs, e.g. `http://10.203.0.11:2379`.
    public var etcd: [String]
    /// Patroni's `scope` (cluster name), for the leader key.
    public var patroniScope: String
    /// Patroni's etcd `namespace` (default `/service`).
    public var patroniNamespace: String
    /// A libpq connection string to PgPool-II, or nil when there is no PgPool.
    public var pgpoolDSN: String?

    /// Creates the targets.
    public init(
        patroni: [String: String], etcd: [String], patroniScope: String, patroniNamespace: String = "/service",
        pgpoolDSN: String? = nil
    ) {
        self.patroni = patroni
        self.etcd = etcd
        self.patroniScope = patroniScope
        self.patroniNamespace = patroniNamespace
        self.pgpoolDSN = pgpoolDSN
    }
}

/// How often and how patiently the observer polls.
public struct ObserverSettings: Sendable, Hashable {
    /// Poll period per source in nanoseconds (default 100 ms: 10 Hz, twice the required 5 Hz).
    public var periodNs: Int64 = 100_000_000
    /// Whole-request HTTP timeout in milliseconds.
    public var httpTimeoutMs: Int = 300
    /// HTTP connect timeout in milliseconds.
    public var httpConnectTimeoutMs: Int = 200
    /// Deadline of one `SHOW POOL_NODES` in nanoseconds.
    public var pgpoolTimeoutNs: Int64 = 500_000_000

    /// The defaults.
    public init() {}
}
