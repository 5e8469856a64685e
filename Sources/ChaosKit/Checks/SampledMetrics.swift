// The sampled series of a run summed up for hypotheses and reports: the worst replication lag per replica, etcd
// leader changes and failed proposals during the run, the most client connections, the highest commit rate.

/// What the sampler's series say, as the hypotheses' `metric.*` names read them.
public struct SampledMetrics: Sendable, Hashable, Codable {
    /// Values sampled (rows of metrics.csv).
    public var samples: Int
    /// The largest replication lag in bytes seen per replica (Patroni member name).
    public var lagBytesMax: [String: Double]
    /// The largest `replay_lag` in seconds seen per replica.
    public var lagSecondsMax: [String: Double]
    /// Leader changes etcd counted during the run (the largest increase of any member's counter).
    public var etcdLeaderChanges: Int?
    /// Proposals etcd failed during the run (the largest increase of any member's counter).
    public var etcdProposalsFailed: Int?
    /// The most client connections on the primary.
    public var connectionsMax: Double?
    /// The highest commit rate on the primary (per second, between two samples).
    public var commitsPerSecondMax: Double?
    /// Reads that failed, per source.
    public var failedReads: [String: Int]

    /// Sums up a run's samples.
    public static func evaluate(_ samples: [MetricSample], failedReads: [String: Int] = [:]) -> SampledMetrics {
        var result = SampledMetrics(
            samples: samples.count, lagBytesMax: [:], lagSecondsMax: [:], etcdLeaderChanges: nil, etcdProposalsFailed: nil,
            connectionsMax: nil, commitsPerSecondMax: nil, failedReads: failedReads)
        var counters: [String: (first: Double, last: Double)] = [:]
        for sample in samples.sorted(by: { $0.timeNs < $1.timeNs }) {
            let member = sample.labels["member"] ?? sample.source
            switch sample.metric {
            case "replication_lag_bytes": result.lagBytesMax[member] = max(result.lagBytesMax[member] ?? 0, sample.value)
            case "replication_lag_seconds": result.lagSecondsMax[member] = max(result.lagSecondsMax[member] ?? 0, sample.value)
            case "connections": result.connectionsMax = max(result.connectionsMax ?? 0, sample.value)
            case "commits_per_second": result.commitsPerSecondMax = max(result.commitsPerSecondMax ?? 0, sample.value)
            case "etcd_server_leader_changes_seen_total", "etcd_server_proposals_failed_total":
                let key = sample.metric + "|" + sample.source
                counters[key] = (counters[key]?.first ?? sample.value, sample.value)
            default: break
            }
        }
        func increase(_ metric: String) -> Int? {
            let rises = counters.filter { $0.key.hasPrefix(metric + "|") }.map { max(0, $0.value.last - $0.value.first) }
            return rises.isEmpty ? nil : Int(rises.max() ?? 0)
        }
        result.etcdLeaderChanges = increase("etcd_server_leader_changes_seen_total")
        result.etcdProposalsFailed = increase("etcd_server_proposals_failed_total")
        return result
    }

    /// The value of a `metric.*` hypothesis name; nil when the run did not sample it.
    public func value(of name: String) -> MetricValue? {
        switch name {
        case "max(metric.replication_lag_bytes)": return lagBytesMax.values.max().map { .count(Int($0)) }
        case "max(metric.replication_lag_seconds)": return lagSecondsMax.values.max().map { .nanoseconds(Int64($0 * 1e9)) }
        case "metric.etcd_leader_changes": return etcdLeaderChanges.map(MetricValue.count)
        case "metric.etcd_proposals_failed": return etcdProposalsFailed.map(MetricValue.count)
        case "max(metric.connections)": return connectionsMax.map { .count(Int($0)) }
        case "max(metric.commits_per_second)": return commitsPerSecondMax.map { .count(Int($0.rounded())) }
        default: return nil
        }
    }
}
