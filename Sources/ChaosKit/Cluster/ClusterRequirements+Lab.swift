// What the lab derives from a cluster's tuning (`ClusterRequirements`: timing profile, replication mode,
// failsafe): Patroni's timings one by one, PgPool-II's primary search timeout, a one-line summary.

extension ClusterRequirements {
    /// The lab default: fast (10/1/4), async, no failsafe.
    public static let labDefault = ClusterRequirements()

    /// Patroni `ttl`, seconds.
    public var ttl: Int { profile.timings.ttl }
    /// Patroni `loop_wait`, seconds.
    public var loopWait: Int { profile.timings.loopWait }
    /// Patroni `retry_timeout`, seconds.
    public var retryTimeout: Int { profile.timings.retryTimeout }

    /// PgPool-II's `search_primary_node_timeout`: about 3× ttl.
    public var searchPrimaryNodeTimeout: Int { 3 * ttl }

    /// E.g. `fast (ttl 10 / loop_wait 1 / retry_timeout 4), async`.
    public var summary: String {
        "\(profile.rawValue) (ttl \(ttl) / loop_wait \(loopWait) / retry_timeout \(retryTimeout)), \(replication.rawValue)"
            + (failsafe ? ", failsafe" : "")
    }
}
