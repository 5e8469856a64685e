// Every metric a hypothesis or stop condition may name, with its type.

/// The value type of a metric, which decides what it may be compared with.
public enum MetricType: String, Sendable, Hashable {
    /// A length of time; compared with durations (`15s`).
    case duration
    /// A count or size; compared with plain numbers.
    case count
    /// A yes/no outcome; used alone or compared with true/false.
    case boolean
}

/// When a metric is known: after the run (hypotheses) or while it runs (stop conditions).
public enum MetricScope: String, Sendable, Hashable {
    /// Computed from the history after the run.
    case result
    /// Observed continuously during the run.
    case live
}

/// A named measurement.
public struct MetricDefinition: Sendable, Hashable {
    /// Dotted name, e.g. `rto.direct`.
    public var name: String
    /// Its value type.
    public var type: MetricType
    /// Where it may be used.
    public var scope: MetricScope
    /// What it measures, for docs.
    public var summary: String
}

/// The metrics hypotheses and stop conditions can use.
public enum MetricCatalog {
    /// Every metric.
    public static let all: [MetricDefinition] = perPath + reads + sampled + [
        MetricDefinition(name: "rpo.lost", type: .count, scope: .result, summary: "acknowledged writes absent after recovery"),
        MetricDefinition(name: "rpo.ambiguous", type: .count, scope: .result, summary: "failed or timed-out writes that are present"),
        MetricDefinition(name: "rpo.duplicated", type: .count, scope: .result, summary: "writes present more than once"),
        MetricDefinition(name: "rpo.wal_bytes", type: .count, scope: .result, summary: "WAL bytes lost where the timeline history tells"),
        MetricDefinition(name: "invariant.single_writer", type: .boolean, scope: .result, summary: "no two nodes acknowledged writes in overlapping time"),
        MetricDefinition(name: "invariant.timeline_monotonic", type: .boolean, scope: .result, summary: "the timeline never went back"),
        MetricDefinition(name: "invariant.old_primary_rejoined", type: .boolean, scope: .result, summary: "the old primary streams again within the bound"),
        MetricDefinition(name: "invariant.pgpool_no_demoted_write", type: .boolean, scope: .result, summary: "PgPool never acknowledged a write on a demoted node"),
        MetricDefinition(name: "invariant.bank_total", type: .boolean, scope: .result, summary: "every check of the bank, and its final balances, found the whole total and no balance below zero (workload.bank)"),
        MetricDefinition(name: "invariant.transfers_exactly_once", type: .boolean, scope: .result, summary: "the final balances are the opening ones moved by exactly the logged transfers: every acknowledged one, none that failed (workload.bank)"),
        MetricDefinition(name: "bank.transfers.ok", type: .count, scope: .result, summary: "bank transfers acknowledged (workload.bank)"),
        MetricDefinition(name: "bank.transfers.failed", type: .count, scope: .result, summary: "bank transfers that certainly failed (workload.bank)"),
        MetricDefinition(name: "bank.transfers.ambiguous", type: .count, scope: .result, summary: "bank transfers whose COMMIT got no answer (workload.bank)"),
        MetricDefinition(name: "bank.retries", type: .count, scope: .result, summary: "serialization failures and deadlocks the bank's clients retried (workload.bank)"),
        MetricDefinition(name: "layer.leader_key_changed", type: .duration, scope: .result, summary: "fault → leader key gone or changed in etcd"),
        MetricDefinition(name: "layer.promotion", type: .duration, scope: .result, summary: "fault → new primary promoted (timeline + 1)"),
        MetricDefinition(name: "layer.pgpool_switch", type: .duration, scope: .result, summary: "fault → PgPool sees the new primary"),
        MetricDefinition(name: "rejoin.old_primary", type: .duration, scope: .result, summary: "fault → old primary streaming again"),
        MetricDefinition(name: "failovers", type: .count, scope: .result, summary: "leader changes during the run"),
        MetricDefinition(name: "throughput.recovery", type: .duration, scope: .result, summary: "fault → pgbench TPS back at ≥ 90 % of its pre-fault median (mean over 3 s; workload.pgbench)"),
        MetricDefinition(name: "throughput.fault_p99", type: .duration, scope: .result, summary: "p99 latency of pgbench transactions from the fault until throughput had recovered for 3 s (workload.pgbench)"),
        MetricDefinition(name: "throughput.pre_fault_tps", type: .count, scope: .result, summary: "median pgbench transactions per second before the fault (workload.pgbench)"),
        MetricDefinition(name: "elapsed", type: .duration, scope: .live, summary: "time since the method started"),
        MetricDefinition(name: "cluster.leaders", type: .count, scope: .live, summary: "members that currently claim leadership"),
        MetricDefinition(name: "during.failures", type: .count, scope: .live, summary: "evaluations of the `during:` probes that failed so far (every probe)"),
    ]

    private static let perPath: [MetricDefinition] = ["direct", "pgpool"].flatMap { path in
        [
            MetricDefinition(name: "rto.\(path)", type: .duration, scope: .result, summary: "fault → the first acknowledged write after which writes went on being acknowledged for the recovery hold (\(path))"),
            MetricDefinition(name: "outages.\(path).count", type: .count, scope: .result, summary: "outages from the fault on: the fault's own and every later one (\(path))"),
            MetricDefinition(name: "outages.\(path).after_recovery.count", type: .count, scope: .result, summary: "outages that began after the recovery held, e.g. a PgPool-II failback (\(path))"),
            MetricDefinition(name: "outages.\(path).after_recovery.max", type: .duration, scope: .result, summary: "the longest outage after recovery; 0 when there was none (\(path))"),
            MetricDefinition(name: "downtime.\(path)", type: .duration, scope: .result, summary: "sum of gaps with no acknowledged write (\(path))"),
            MetricDefinition(name: "max_gap.\(path)", type: .duration, scope: .result, summary: "longest gap between acknowledged writes (\(path))"),
            MetricDefinition(name: "writes.ok.\(path)", type: .count, scope: .result, summary: "acknowledged writes (\(path))"),
            MetricDefinition(name: "writes.failed.\(path)", type: .count, scope: .live, summary: "failed or timed-out writes so far (\(path))"),
            MetricDefinition(name: "ack_gap.\(path)", type: .duration, scope: .live, summary: "time since the last acknowledged write (\(path))"),
        ]
    }

    private static let reads: [MetricDefinition] = ReadPath.allCases.map(\.rawValue).flatMap { path in
        [
            MetricDefinition(name: "reads.rto.\(path)", type: .duration, scope: .result, summary: "fault → the first answered read after which reads went on being answered for the recovery hold (\(path) reader)"),
            MetricDefinition(name: "reads.downtime.\(path)", type: .duration, scope: .result, summary: "sum of gaps with no answered read (\(path) reader)"),
            MetricDefinition(name: "reads.max_gap.\(path)", type: .duration, scope: .result, summary: "longest gap between answered reads (\(path) reader)"),
            MetricDefinition(name: "reads.ok.\(path)", type: .count, scope: .result, summary: "answered reads (\(path) reader)"),
            MetricDefinition(name: "reads.failed.\(path)", type: .count, scope: .result, summary: "failed or timed-out reads (\(path) reader)"),
            MetricDefinition(name: "reads.from_standby.\(path)", type: .count, scope: .result, summary: "answered reads served by a standby (\(path) reader)"),
        ]
    } + [
        MetricDefinition(name: "reads.stale.count", type: .count, scope: .result, summary: "reads that missed a write acknowledged before they began (every reader)"),
        MetricDefinition(name: "reads.stale.max", type: .duration, scope: .result, summary: "the stalest read: how long before it began its first missed write had been acknowledged; 0 when none"),
        MetricDefinition(name: "reads.stale.writes_behind", type: .count, scope: .result, summary: "the most acknowledged writes one read missed; 0 when none"),
        MetricDefinition(name: "reads.violations.monotonic", type: .count, scope: .result, summary: "reads that saw less than an earlier read on the same path (monotonic reads broken)"),
    ]

    /// The sampler's series, summed up over the run (`workload.sampling`; see docs/scenarios.md).
    private static let sampled: [MetricDefinition] = [
        MetricDefinition(name: "max(metric.replication_lag_bytes)", type: .count, scope: .result, summary: "the largest replication lag of any replica, in WAL bytes not yet replayed (sampled on the primary; compare with a size such as 16MB)"),
        MetricDefinition(name: "max(metric.replication_lag_seconds)", type: .duration, scope: .result, summary: "the largest replay_lag of any replica (sampled on the primary)"),
        MetricDefinition(name: "metric.etcd_leader_changes", type: .count, scope: .result, summary: "leader changes etcd counted during the run (etcd_server_leader_changes_seen_total)"),
        MetricDefinition(name: "metric.etcd_proposals_failed", type: .count, scope: .result, summary: "proposals etcd failed during the run (etcd_server_proposals_failed_total)"),
        MetricDefinition(name: "max(metric.connections)", type: .count, scope: .result, summary: "the most client connections on the primary (pg_stat_activity)"),
        MetricDefinition(name: "max(metric.commits_per_second)", type: .count, scope: .result, summary: "the highest commit rate on the primary between two samples"),
    ]

    /// The metric with this name.
    public static func metric(named name: String) -> MetricDefinition? {
        all.first { $0.name == name }
    }

    /// Metrics usable in a scope: live metrics are known at the end too, result metrics only at the end.
    public static func names(usableIn scope: MetricScope) -> [String] {
        all.filter { scope == .result || $0.scope == .live }.map(\.name)
    }
}
