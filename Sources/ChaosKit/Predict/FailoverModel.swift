// Predicts what a primary node crash should measure from the cluster's settings: Patroni's ttl and loop_wait,
// PgPool-II's health check, the replication mode. The derivation is docs/predictions.md; every constant here is
// named there with where it comes from.

import Foundation

/// The settings a prediction is computed from.
public struct FailoverSettings: Sendable, Hashable {
    /// Patroni's `ttl`, seconds.
    public var ttl: Double
    /// Patroni's `loop_wait`, seconds.
    public var loopWait: Double
    /// Patroni's `retry_timeout`, seconds.
    public var retryTimeout: Double
    /// Asynchronous or synchronous replication.
    public var replication: ReplicationMode
    /// PgPool-II's health check.
    public var pgpool: PgPoolHealthCheck
    /// Writes per second on each path.
    public var writeRate: Double

    /// The settings a scenario runs with: its `cluster:` timings (preset or values), replication, PgPool-II health check.
    public init(scenario: Scenario) {
        let cluster = scenario.cluster
        ttl = Double(cluster.ttl)
        loopWait = Double(cluster.loopWait)
        retryTimeout = Double(cluster.retryTimeout)
        replication = cluster.replication
        pgpool = cluster.healthCheck
        writeRate = Double(scenario.workload.rate)
    }

    /// `ttl 10 s, loop_wait 1 s, retry_timeout 4 s, async, PgPool-II health check every 1 s (timeout 1 s, 3 retries 1 s apart)`.
    public var summary: String {
        let f = Prediction.format
        return "ttl \(f(ttl)) s, loop_wait \(f(loopWait)) s, retry_timeout \(f(retryTimeout)) s, \(replication.rawValue), "
            + "PgPool-II health check every \(f(pgpool.period)) s (timeout \(f(pgpool.timeout)) s, \(pgpool.retries) retries "
            + "\(f(pgpool.retryDelay)) s apart), \(f(writeRate)) writes/s per path"
    }
}

/// The failover model (docs/predictions.md).
public enum FailoverModel {
    /// Every metric the model can predict (hypotheses may name them as `predicted.M`).
    public static let predictedMetrics = ["layer.leader_key_changed", "layer.promotion", "layer.pgpool_switch", "rto.direct", "rto.pgpool", "rpo.lost"]

    /// etcd checks for expired leases every 500 ms (its lessor's loop), so a lease outlives its TTL by up to that.
    static let leaseCheckS = 0.5
    /// From the leader key's deletion to PostgreSQL promoted: the replicas' watch wakes them at once, the
    /// healthiest-node check gets refused connections from the dead node at once, `pg_ctl promote` (≤ 1 s here).
    static let promoteS = 1.0
    /// The client's side: the first acknowledged write after the promotion (the writer's resolution, a tick or two).
    static let clientS = 0.2
    /// PgPool-II looks for the new primary once a second after its failover (`find_primary_node_repeatedly`).
    static let pgpoolSearchS = 1.0
    /// PgPool-II forks its children again at the end of its failover, and clients connect through them.
    static let pgpoolRestartS = 0.5
    /// Commits acknowledged this long before a crash may not have reached a replica (one WAL-sender round trip on a
    /// busy 2-core machine).
    static let asyncExposureS = 0.05

    /// Predictions for a scenario, or why there are none.
    public static func predict(_ scenario: Scenario) -> PredictionSet {
        let settings = FailoverSettings(scenario: scenario)
        guard let fault = firstFault(scenario) else {
            return PredictionSet(situation: nil, settings: settings.summary, predictions: [], unmodelled: "the method injects no fault")
        }
        if isZombiePartition(fault) { return zombie(scenario, fault: fault, settings: settings) }
        guard isPrimaryNodeCrash(fault) else {
            return PredictionSet(
                situation: nil, settings: settings.summary, predictions: [],
                unmodelled: "the model covers a crash of the primary's whole node (kill with SIGKILL, target primary, service node) "
                    + "and a primary cut off from etcd and the replicas (partition [[primary], [replica, etcd]]); "
                    + "the first fault here is \(fault.kind) (docs/predictions.md lists what is modelled)")
        }
        if let duration = fault.parameters["duration"]?.durationValue, Double(duration.nanoseconds) / 1e9 < settings.ttl + leaseCheckS {
            return PredictionSet(
                situation: nil, settings: settings.summary, predictions: [],
                unmodelled: "the crash is healed after \(duration), before the leader key can expire (ttl \(Prediction.format(settings.ttl)) s): "
                    + "the old primary may come back with no failover, which the model does not cover")
        }
        return PredictionSet(situation: "primary node crash", settings: settings.summary, predictions: primaryCrash(settings, paths: scenario.workload.paths), unmodelled: nil)
    }

    /// The first fault step of the method.
    static func firstFault(_ scenario: Scenario) -> KindInvocation? {
        for step in scenario.method { if case .fault(let fault) = step.action { return fault } }
        return nil
    }

    /// SIGKILL of every service on the primary's node. A graceful stop (SIGTERM) lets Patroni hand the leader key
    /// over at once, which is another situation.
    static func isPrimaryNodeCrash(_ fault: KindInvocation) -> Bool {
        guard fault.kind == "kill", fault.parameters["target"]?.targetValue?.role == .primary else { return false }
        guard (fault.parameters["service"]?.stringValue ?? "node") == "node" else { return false }
        if case .signal(let signal)? = fault.parameters["signal"] { return signal.name == "SIGKILL" }
        return true
    }

    /// The primary node crash: every interval counted from the crash.
    static func primaryCrash(_ s: FailoverSettings, paths: [WritePath]) -> [Prediction] {
        let f = Prediction.format
        let keyLow = s.ttl - s.loopWait
        let keyHigh = s.ttl + leaseCheckS
        let promotionHigh = keyHigh + promoteS
        // PgPool-II: the dead node refuses connections, so a round fails after its retries' delays; it may start up
        // to a period after the crash.
        let detectLow = Double(s.pgpool.retries) * s.pgpool.retryDelay
        let detectHigh = s.pgpool.period + detectLow
        let switchLow = max(detectLow, keyLow)
        let switchHigh = max(detectHigh, promotionHigh) + pgpoolSearchS
        var predictions = [
            Prediction(
                metric: "layer.leader_key_changed", low: keyLow, high: keyHigh, unit: .seconds,
                derivation: "the leader key's lease (ttl \(f(s.ttl)) s) was last refreshed up to loop_wait \(f(s.loopWait)) s before the crash; "
                    + "etcd expires it within \(f(leaseCheckS)) s of its TTL"),
            Prediction(
                metric: "layer.promotion", low: keyLow, high: promotionHigh, unit: .seconds,
                derivation: "key expiry, then at once (the replicas watch the key) the healthiest-node check and pg_ctl promote: ≤ \(f(promoteS)) s"),
            Prediction(
                metric: "layer.pgpool_switch", low: switchLow, high: switchHigh, unit: .seconds,
                derivation: "PgPool-II drops the node after \(s.pgpool.retries) refused retries \(f(s.pgpool.retryDelay)) s apart (\(f(detectLow))–\(f(detectHigh)) s), "
                    + "then finds the promoted primary at its next once-a-second search"),
        ]
        if paths.contains(.direct) {
            predictions.append(Prediction(
                metric: "rto.direct", low: keyLow, high: promotionHigh + clientS, unit: .seconds,
                derivation: "promotion, then the writer's session to the promoted node takes the next write (≤ \(f(clientS)) s)"))
        }
        if paths.contains(.pgpool) {
            predictions.append(Prediction(
                metric: "rto.pgpool", low: switchLow, high: switchHigh + pgpoolRestartS + clientS, unit: .seconds,
                derivation: "PgPool-II's switch, its children forked again (≤ \(f(pgpoolRestartS)) s), then the writer's next connection"))
        }
        let exposed = s.replication == .sync ? 0 : (s.writeRate * asyncExposureS * Double(paths.count)).rounded(.up)
        predictions.append(Prediction(
            metric: "rpo.lost", low: 0, high: exposed, unit: .count,
            derivation: s.replication == .sync
                ? "synchronous replication: every acknowledged commit is on a standby"
                : "asynchronous: commits acknowledged in the last \(f(asyncExposureS * 1000)) ms may not have reached a replica "
                    + "(\(f(s.writeRate)) writes/s on \(paths.count) path(s))"))
        return predictions
    }

    // MARK: a zombie primary

    /// Patroni's healthiest-node check asks every member's REST API with a 2 s timeout; a partitioned old primary
    /// never answers, so the promotion waits for it (Patroni 3.0.2, `fetch_nodes_statuses`).
    static let memberCheckTimeoutS = 2.0

    /// A partition of the primary alone from the replicas and etcd (clients still reach it): `[[primary], [replica, etcd]]`.
    static func isZombiePartition(_ fault: KindInvocation) -> Bool {
        guard fault.kind == "partition", case .targetGroups(let groups)? = fault.parameters["groups"], groups.count == 2 else { return false }
        let roles = groups.map { Set($0.map(\.role)) }
        guard let alone = roles.firstIndex(of: [.primary]) else { return false }
        let others = roles[1 - alone]
        let etcd: Set<TargetSelector.Role> = [.etcd]
        return !others.isDisjoint(with: etcd) && (others.contains(.replica) || others.contains(.postgres))
    }

    static func zombie(_ scenario: Scenario, fault: KindInvocation, settings s: FailoverSettings) -> PredictionSet {
        let f = Prediction.format
        if scenario.cluster.failsafe {
            return PredictionSet(situation: nil, settings: s.summary, predictions: [],
                                 unmodelled: "failsafe_mode changes how a primary that lost etcd behaves; the zombie model assumes it off")
        }
        let keyLow = s.ttl - s.loopWait
        let keyHigh = s.ttl + leaseCheckS
        let promotionLow = keyLow + memberCheckTimeoutS
        let promotionHigh = keyHigh + memberCheckTimeoutS + promoteS
        if let duration = fault.parameters["duration"]?.durationValue, Double(duration.nanoseconds) / 1e9 < promotionHigh {
            return PredictionSet(situation: nil, settings: s.summary, predictions: [],
                                 unmodelled: "the partition heals after \(duration), before a replica is surely promoted (≤ \(f(promotionHigh)) s): not modelled")
        }
        // The zombie's last good refresh was up to loop_wait before the cut; it demotes R … L + 2R after it.
        let demoteLow = max(0, s.retryTimeout - s.loopWait)
        let demoteHigh = s.loopWait + 2 * s.retryTimeout
        let detectLow = Double(s.pgpool.retries) * s.pgpool.retryDelay
        let detectHigh = s.pgpool.period + detectLow
        let switchLow = max(demoteLow + detectLow, promotionLow)
        let switchHigh = max(demoteHigh + detectHigh, promotionHigh) + pgpoolSearchS
        let paths = scenario.workload.paths
        var predictions = [
            Prediction(metric: "layer.leader_key_changed", low: keyLow, high: keyHigh, unit: .seconds,
                       derivation: "the cut zombie stops refreshing its key (last refresh ≤ loop_wait \(f(s.loopWait)) s before); etcd expires it within \(f(leaseCheckS)) s of ttl \(f(s.ttl)) s"),
            Prediction(metric: "layer.promotion", low: promotionLow, high: promotionHigh, unit: .seconds,
                       derivation: "key expiry, the healthiest-node check waiting \(f(memberCheckTimeoutS)) s for the unreachable old primary, then pg_ctl promote (≤ \(f(promoteS)) s)"),
            Prediction(metric: "layer.pgpool_switch", low: switchLow, high: switchHigh, unit: .seconds,
                       derivation: "the zombie demotes \(f(demoteLow))–\(f(demoteHigh)) s after the cut (retry_timeout − loop_wait … loop_wait + 2 × retry_timeout), PgPool-II drops it after its refused retries, then finds the promoted primary at its next once-a-second search"),
        ]
        if paths.contains(.direct) {
            predictions.append(Prediction(metric: "rto.direct", low: promotionLow, high: promotionHigh + clientS, unit: .seconds,
                                          derivation: "writes fail from the zombie's demotion (or, under sync, from the cut) until the promotion; then the next write (≤ \(f(clientS)) s)"))
        }
        if paths.contains(.pgpool) {
            predictions.append(Prediction(metric: "rto.pgpool", low: switchLow, high: switchHigh + pgpoolRestartS + clientS, unit: .seconds,
                                          derivation: "PgPool-II's switch, its children forked again (≤ \(f(pgpoolRestartS)) s), then the writer's next connection"))
        }
        let rate = s.writeRate * Double(paths.count)
        predictions.append(s.replication == .sync
            ? Prediction(metric: "rpo.lost", low: 0, high: Double(paths.count), unit: .count,
                         derivation: "synchronous replication: the zombie cannot commit without its standby; at most the commit each path has waiting when the demotion cancels the wait, which PostgreSQL reports committed")
            : Prediction(metric: "rpo.lost", low: (rate * demoteLow).rounded(.down), high: (rate * demoteHigh).rounded(.up), unit: .count,
                         derivation: "asynchronous: everything the zombie acknowledges between the cut and its demotion (\(f(demoteLow))–\(f(demoteHigh)) s at \(f(s.writeRate)) writes/s on \(paths.count) path(s)) never reaches the promoted replica"))
        return PredictionSet(situation: "primary cut off from etcd and the replicas (zombie)", settings: s.summary, predictions: predictions, unmodelled: nil)
    }
}
