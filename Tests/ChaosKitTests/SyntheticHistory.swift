@testable import ChaosKit

/// Builders for synthetic op logs and event streams, in milliseconds.
enum Synthetic {
    static let ms: Int64 = 1_000_000

    static func op(
        _ path: WritePath, _ seq: Int64, at startMs: Int64, took durationMs: Int64 = 2, _ outcome: OpOutcome = .ok,
        node: String? = "10.0.0.1:5432", timeline: Int? = 1, lsn: UInt64? = nil
    ) -> OpRecord {
        OpRecord(
            path: path, seq: seq, startNs: startMs * ms, endNs: (startMs + durationMs) * ms, outcome: outcome,
            sqlState: outcome == .sqlError ? "25006" : nil, node: outcome == .ok ? node : nil,
            lsn: outcome == .ok ? lsn.map(WALPosition.init) : nil, timeline: outcome == .ok ? timeline : nil)
    }

    /// One op every 10 ms from `fromMs` (inclusive) to `toMs` (exclusive), seqs from `firstSeq`.
    static func ops(
        _ path: WritePath, from fromMs: Int64, to toMs: Int64, firstSeq: Int64, _ outcome: OpOutcome = .ok,
        node: String = "10.0.0.1:5432", timeline: Int = 1
    ) -> [OpRecord] {
        stride(from: fromMs, to: toMs, by: 10).enumerated().map { index, start in
            op(path, firstSeq + Int64(index), at: start, outcome, node: node, timeline: timeline)
        }
    }

    static func event(
        _ kind: ClusterEvent.Kind, at timeMs: Int64, member: String? = nil, from: String? = nil, to: String? = nil,
        source: String = "test"
    ) -> ClusterEvent {
        ClusterEvent(timeNs: timeMs * ms, previousNs: (timeMs - 100) * ms, kind: kind, source: source, member: member, from: from, to: to)
    }

    /// A clean failover pg1 → pg2: fault at 1 s, key gone at 3 s, pg2 promoted at 3.5 s (timeline 2),
    /// PgPool switches at 4.5 s, pg1 back as a replica on timeline 2 at 8 s.
    static func failoverEvents() -> [ClusterEvent] {
        [
            event(.roleChanged, at: 100, member: "pg1", to: "primary"),
            event(.stateChanged, at: 100, member: "pg1", to: "running"),
            event(.timelineChanged, at: 100, member: "pg1", to: "1"),
            event(.roleChanged, at: 100, member: "pg2", to: "replica"),
            event(.stateChanged, at: 100, member: "pg2", to: "running"),
            event(.timelineChanged, at: 100, member: "pg2", to: "1"),
            event(.leaderKeyChanged, at: 120, to: "pg1"),
            event(.pgpoolPrimaryChanged, at: 130, to: "10.0.0.1:5432"),
            event(.memberUnreachable, at: 1_200, member: "pg1"),
            event(.leaderKeyChanged, at: 3_000, from: "pg1", to: nil),
            event(.leaderKeyChanged, at: 3_400, from: nil, to: "pg2"),
            event(.roleChanged, at: 3_500, member: "pg2", from: "replica", to: "primary"),
            event(.timelineChanged, at: 3_500, member: "pg2", from: "1", to: "2"),
            event(.pgpoolPrimaryChanged, at: 4_500, from: "10.0.0.1:5432", to: "10.0.0.2:5432"),
            event(.memberReachable, at: 6_000, member: "pg1"),
            event(.roleChanged, at: 6_000, member: "pg1", from: "primary", to: "replica"),
            event(.stateChanged, at: 6_000, member: "pg1", from: "running", to: "starting"),
            event(.stateChanged, at: 8_000, member: "pg1", from: "starting", to: "running"),
            event(.timelineChanged, at: 8_000, member: "pg1", from: "1", to: "2"),
        ]
    }

    static let addresses = ["10.0.0.1": "pg1", "10.0.0.2": "pg2", "10.0.0.3": "pg3"]
}
