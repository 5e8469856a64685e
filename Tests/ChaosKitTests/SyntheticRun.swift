import Foundation
@testable import ChaosKit

/// A synthetic primary-kill run for the report tests: warm-up 0–5 s, method from 5 s, the primary (pg1) killed
/// at 15 s and healed at 25 s (method time 10–20 s), pg2 promoted at 17.5 s; the direct path fails 15–18.6 s,
/// PgPool 15–19.6 s; three acknowledged direct writes just before the kill (seq 1498–1500) are lost.
enum SyntheticRun {
    static let ms: Int64 = 1_000_000
    static let lostSeqs: [Int64] = [1498, 1499, 1500]

    static func ops() -> [OpRecord] {
        var ops: [OpRecord] = []
        for path in WritePath.allCases {
            let failUntil: Int64 = path == .direct ? 18_600 : 19_600
            for (index, start) in stride(from: Int64(0), to: 45_000, by: 10).enumerated() {
                let seq = Int64(index) + 1
                let failing = start >= 15_000 && start < failUntil
                let after = start >= failUntil
                let latency: Int64 = failing ? (path == .direct ? 1 : 40) : (after && start < failUntil + 800 ? 25 : 2 + seq % 5)
                ops.append(
                    OpRecord(
                        path: path, seq: seq, startNs: start * ms, endNs: (start + latency) * ms,
                        outcome: failing ? (path == .direct ? .connectionError : .sqlError) : .ok,
                        sqlState: failing && path == .pgpool ? "57P01" : nil,
                        message: failing ? (path == .direct ? "could not connect to server: Connection refused" : "terminating connection, \"admin\" shutdown") : nil,
                        node: failing ? nil : (after ? "10.0.0.2:5432" : "10.0.0.1:5432"),
                        lsn: failing ? nil : WALPosition(UInt64(0x300_0000 + seq * 128)), timeline: failing ? nil : (after ? 2 : 1)))
            }
        }
        return ops
    }

    static func event(_ kind: ClusterEvent.Kind, at timeMs: Int64, member: String? = nil, from: String? = nil, to: String? = nil) -> ClusterEvent {
        let source = member.map { "patroni:\($0)" } ?? (kind.rawValue.hasPrefix("pgpool") ? "pgpool" : "etcd:http://10.0.0.11:2379")
        return ClusterEvent(timeNs: timeMs * ms, previousNs: (timeMs - 100) * ms, kind: kind, source: source, member: member, from: from, to: to)
    }

    static func events() -> [ClusterEvent] {
        var events: [ClusterEvent] = []
        for host in ["10.0.0.11", "10.0.0.12", "10.0.0.13"] {
            let url = "http://\(host):2379"
            events.append(ClusterEvent(timeNs: 50 * ms, kind: .etcdReachable, source: "etcd:\(url)", member: url))
        }
        events.append(ClusterEvent(timeNs: 30_000 * ms, previousNs: 29_900 * ms, kind: .etcdUnreachable, source: "etcd:http://10.0.0.13:2379", member: "http://10.0.0.13:2379"))
        events.append(ClusterEvent(timeNs: 33_000 * ms, previousNs: 32_900 * ms, kind: .etcdReachable, source: "etcd:http://10.0.0.13:2379", member: "http://10.0.0.13:2379"))
        for (member, role) in [("pg1", "primary"), ("pg2", "replica"), ("pg3", "replica")] {
            events.append(event(.memberReachable, at: 100, member: member))
            events.append(event(.roleChanged, at: 100, member: member, to: role))
            events.append(event(.stateChanged, at: 100, member: member, to: "running"))
            events.append(event(.timelineChanged, at: 100, member: member, to: "1"))
        }
        events += [
            event(.leaderKeyChanged, at: 120, to: "pg1"),
            event(.pgpoolPrimaryChanged, at: 130, to: "10.0.0.1:5432"),
            event(.memberUnreachable, at: 15_200, member: "pg1"),
            event(.pgpoolNodeStatusChanged, at: 16_000, member: "10.0.0.1:5432", from: "up", to: "down"),
            event(.leaderKeyChanged, at: 17_000, from: "pg1", to: nil),
            event(.leaderKeyChanged, at: 17_400, from: nil, to: "pg2"),
            event(.roleChanged, at: 17_500, member: "pg2", from: "replica", to: "primary"),
            
            event(.timelineChanged, at: 17_500, member: "pg2", from: "1", to: "2"),
            event(.pgpoolPrimaryChanged, at: 18_500, from: "10.0.0.1:5432", to: "10.0.0.2:5432"),
            event(.memberReachable, at: 26_000, member: "pg1"),
            event(.roleChanged, at: 26_000, member: "pg1", from: "primary", to: "replica"),
            event(.stateChanged, at: 26_000, member: "pg1", from: "running", to: "starting"),
            event(.stateChanged, at: 28_000, member: "pg1", from: "starting", to: "running"),
            event(.timelineChanged, at: 28_000, member: "pg1", from: "1", to: "2"),
        ]
        return events
    }

    static func steps() -> [StepRecord] {
        [
            StepRecord(name: "cluster-healthy", phase: "steady_state_before", summary: "probe patroni leader count = 1",
                       startNs: 4_000 * ms, endNs: 4_050 * ms, outcome: "ok", detail: "leader count 1"),
            StepRecord(name: "baseline", phase: "method", summary: "wait 10s", startNs: 5_000 * ms, endNs: 15_000 * ms, outcome: "ok"),
            StepRecord(name: "kill-primary", phase: "method", summary: "fault kill primary (signal SIGKILL)", startNs: 15_000 * ms,
                       endNs: 15_010 * ms, outcome: "ok", faultID: "f-1", targets: ["pg1 (primary)"]),
            StepRecord(name: "wait-new-leader", phase: "method", summary: "wait for patroni leader (timeout 30s)", startNs: 15_010 * ms,
                       endNs: 17_600 * ms, outcome: "ok", detail: "pg2 leads"),
            StepRecord(name: "hold", phase: "method", summary: "wait 7.4s", startNs: 17_600 * ms, endNs: 25_000 * ms, outcome: "ok"),
            StepRecord(name: "heal-primary", phase: "heal", summary: "heal kill-primary", startNs: 25_000 * ms, endNs: 25_100 * ms, outcome: "ok"),
            StepRecord(name: "cluster-healthy", phase: "steady_state_after", summary: "probe patroni leader count = 1",
                       startNs: 44_000 * ms, endNs: 44_050 * ms, outcome: "ok"),
        ]
    }

    static func results(ops: [OpRecord], events: [ClusterEvent]) -> MeasurementResults {
        var copies: [WriteKey: Int] = [:]
        for op in ops where op.isAck && !(op.path == .direct && lostSeqs.contains(op.seq)) {
            copies[WriteKey(path: op.path, seq: op.seq)] = 1
        }
        return MeasurementResults.evaluate(
            MeasurementHistory(
                ops: ops, events: events, faultNs: 15_000 * ms, windowEndNs: 25_000 * ms, readBack: RowCounts(copies: copies),
                timelineHistory: [TimelineSwitch(timeline: 1, switchPosition: WALPosition(0x300_0000 + 1497 * 128))],
                memberAddresses: ["10.0.0.1": "pg1", "10.0.0.2": "pg2", "10.0.0.3": "pg3"]))
    }

    /// The finished run: its hypotheses evaluated and its verdict judged by the library (failed: rpo.lost = 3).
    static func record() -> RunRecord {
        let ops = ops()
        let events = events()
        var record = RunRecord(
            runID: "20261127T041500Z_primary-kill", scenarioFile: "scenarios/primary-kill.yaml", title: "Primary crash (SIGKILL)",
            tags: ["failover", "crash"], startedAt: "2026-11-27T04:15:00Z", endedAt: "2026-11-27T04:15:46Z", seed: 42,
            versions: ComponentVersions(
                chaos: "0.1.0", gitCommit: "7f1d86c", postgres: "postgres (PostgreSQL) 17.2", patroni: "patroni 4.0.4",
                etcd: "etcd Version: 3.5.17", pgpool: "pgpool-II version 4.5.5"),
            profile: ClusterRequirements(), inventory: nil,
            workload: .init(paths: [.direct, .pgpool], rate: 100, timeoutNs: 2_000 * ms),
            methodStartNs: 5_000 * ms, methodEndNs: 25_000 * ms, firstFaultNs: 15_000 * ms)
        record.steps = steps()
        record.faults = [FaultWindow(step: "kill-primary", kind: "kill", targets: ["pg1 (primary)"], startNs: 15_000 * ms, endNs: 25_000 * ms)]
        record.events = events
        let results = results(ops: ops, events: events)
        record.results = results
        // The hypotheses are evaluated and the verdict judged by the library, as a run does: nothing hard-coded.
        let expressions = ["rto.direct < 15s", "rpo.lost == 0", "invariant.single_writer"].compactMap {
            try? Expression.parse($0, scope: .result).get()
        }
        let evaluator = HypothesisEvaluator { name in results.value(of: name)?.literal }
        record.hypotheses = expressions.map { evaluator.evaluate($0) }
        (record.verdict, record.reason) = RunJudgement.judge(unhealed: [], aborted: nil, hypotheses: record.hypotheses, failures: [])
        return record
    }

    /// The same run as a killed runner leaves it: verdict running, two method steps, no measurements.
    static func killedRecord() -> RunRecord {
        var record = record()
        record.steps = Array(steps().prefix(4))
        record.steps[3].endNs = nil
        record.steps[3].outcome = "running"
        record.faults[0].endNs = nil
        record.events = events().filter { $0.timeNs < 17_000 * ms }
        record.results = nil
        record.hypotheses = []
        record.verdict = .running
        record.reason = nil
        record.endedAt = nil
        record.methodEndNs = nil
        return record
    }
}
