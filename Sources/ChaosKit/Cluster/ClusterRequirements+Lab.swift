// What the lab derives from a cluster's tuning (`ClusterRequirements`: a timing preset or values, replication mode,
// failsafe, the lag limit, PgPool-II's health check): each effective value, PgPool-II's primary search timeout, a
// one-line summary, and equality by effective values.

extension ClusterRequirements: Hashable {
    /// The lab default: fast (10/1/4), async, no failsafe.
    public static let labDefault = ClusterRequirements()

    /// Patroni's default `maximum_lag_on_failover`: 1 MiB.
    public static let defaultMaximumLagOnFailover: Int64 = 1_048_576

    /// The effective ttl / loop_wait / retry_timeout.
    public var timings: PatroniTimings {
        customTimings ?? PatroniTimings(ttl: profile.timings.ttl, loopWait: profile.timings.loopWait, retryTimeout: profile.timings.retryTimeout)
    }
    /// Patroni `ttl`, seconds.
    public var ttl: Int { timings.ttl }
    /// Patroni `loop_wait`, seconds.
    public var loopWait: Int { timings.loopWait }
    /// Patroni `retry_timeout`, seconds.
    public var retryTimeout: Int { timings.retryTimeout }
    /// The effective `maximum_lag_on_failover`, bytes.
    public var lagLimit: Int64 { maximumLagOnFailover ?? Self.defaultMaximumLagOnFailover }
    /// The effective `synchronous_mode_strict`.
    public var strict: Bool { synchronousModeStrict ?? false }
    /// The effective PgPool-II health check.
    public var healthCheck: PgPoolHealthCheck { pgpoolHealthCheck ?? .lab }

    /// PgPool-II's `search_primary_node_timeout`: about 3× ttl.
    public var searchPrimaryNodeTimeout: Int { 3 * ttl }

    /// The name of the preset whose timings these are, or `custom`.
    public var timingName: String {
        guard let customTimings, customTimings != Self(profile: profile).timings else { return profile.rawValue }
        return TimingProfile.allCases.first { Self(profile: $0).timings == customTimings }?.rawValue ?? "custom"
    }

    /// E.g. `fast (ttl 10 / loop_wait 1 / retry_timeout 4), async`; settings away from their defaults follow.
    public var summary: String {
        var text = "\(timingName) (ttl \(ttl) / loop_wait \(loopWait) / retry_timeout \(retryTimeout)), \(replication.rawValue)"
        if strict { text += " strict" }
        if failsafe { text += ", failsafe" }
        if lagLimit != Self.defaultMaximumLagOnFailover { text += ", maximum_lag_on_failover \(lagLimit) B" }
        if healthCheck != .lab {
            let h = healthCheck
            text += ", PgPool-II health check \(Int(h.period))/\(Int(h.timeout))/\(h.retries)/\(Int(h.retryDelay)) s"
        }
        return text
    }

    public static func == (a: Self, b: Self) -> Bool {
        a.timings == b.timings && a.replication == b.replication && a.failsafe == b.failsafe && a.lagLimit == b.lagLimit
            && a.strict == b.strict && a.healthCheck == b.healthCheck
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(timings)
        hasher.combine(replication)
        hasher.combine(failsafe)
        hasher.combine(lagLimit)
        hasher.combine(strict)
        hasher.combine(healthCheck)
    }
}
