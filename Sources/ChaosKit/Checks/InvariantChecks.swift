// The HA invariants: one writer at a time, timelines only grow, the old primary rejoins, PgPool never
// acknowledges on a demoted node.

import Foundation

/// Pure checks of the HA invariants over a history.
public enum InvariantChecks {
    /// At most one node acknowledges writes at a time.
    ///
    /// A promotion always starts a new timeline, so two nodes acknowledging on the same timeline are two
    /// writers; and a write acknowledged on an older timeline that certainly started after a write on a
    /// newer timeline was acknowledged means the old primary still accepted writes after the new one did.
    public static func singleWriter(ops: [OpRecord]) -> InvariantVerdict {
        let acks = ops.filter { $0.isAck && $0.node != nil }
        var violations: [String] = []
        for (timeline, group) in Dictionary(grouping: acks.filter { $0.timeline != nil }, by: { $0.timeline ?? 0 })
            .sorted(by: { $0.key < $1.key })
        {
            let nodes = Set(group.compactMap(\.node)).sorted()
            if nodes.count > 1 {
                violations.append("timeline \(timeline) acknowledged writes on \(nodes.count) nodes: \(nodes.joined(separator: ", "))")
            }
        }
        violations += olderTimelineAfterNewer(acks: acks, sameNodeAllowed: false)
        violations += interleavedWithoutTimeline(acks: acks.filter { $0.timeline == nil })
        return InvariantVerdict(violations: violations)
    }

    /// Timelines never go back: no member reports a lower timeline than before, and no write is
    /// acknowledged on a lower timeline after one was acknowledged on a higher timeline.
    public static func timelineMonotonic(ops: [OpRecord], events: [ClusterEvent]) -> InvariantVerdict {
        var violations: [String] = []
        for event in events.sorted(by: { $0.timeNs < $1.timeNs }) where event.kind == .timelineChanged {
            if let from = event.from.flatMap({ Int($0) }), let to = event.to.flatMap({ Int($0) }), to < from {
                violations.append(
                    "\(event.member ?? event.source) went from timeline \(from) back to \(to) at \(seconds(event.timeNs))")
            }
        }
        violations += olderTimelineAfterNewer(acks: ops.filter(\.isAck), sameNodeAllowed: true)
        return InvariantVerdict(violations: violations)
    }

    /// The primary at the fault time is a running replica on the new timeline within `boundNs` of the fault.
    /// Holds vacuously when no leader change followed the fault. Returns the verdict and the rejoin time.
    public static func oldPrimaryRejoined(events: [ClusterEvent], faultNs: Int64?, boundNs: Int64) -> (InvariantVerdict, Int64?) {
        guard let faultNs else { return (InvariantVerdict(holds: true, note: "no fault time"), nil) }
        let replay = ClusterReplay(events: events)
        guard let oldPrimary = replay.primary(atNs: faultNs) else {
            return (InvariantVerdict(holds: false, note: "the primary at the fault time is unknown"), nil)
        }
        guard let change = replay.leaderChanges(afterNs: faultNs).first else {
            return (InvariantVerdict(holds: true, note: "no failover: \(oldPrimary) stayed leader"), nil)
        }
        let newTimeline = events.filter { $0.kind == .timelineChanged && $0.member == change.to && $0.timeNs >= faultNs }
            .compactMap { $0.to.flatMap { Int($0) } }.min()
        var role: String?
        var state: String?
        var timeline: Int?
        for event in replay.events where event.member == oldPrimary {
            switch event.kind {
            case .roleChanged: role = event.to
            case .stateChanged: state = event.to
            case .timelineChanged: timeline = event.to.flatMap { Int($0) }
            default: break
            }
            guard event.timeNs > change.timeNs, role == "replica", state == "running" else { continue }
            if let newTimeline, (timeline ?? 0) < newTimeline { continue }
            let rejoinNs = event.timeNs - faultNs
            let holds = rejoinNs <= boundNs
            return (
                InvariantVerdict(
                    holds: holds,
                    note: "\(oldPrimary) rejoined as a running replica \(seconds(rejoinNs)) after the fault"
                        + (holds ? "" : " (bound \(seconds(boundNs)))")),
                rejoinNs
            )
        }
        return (InvariantVerdict(holds: false, note: "\(oldPrimary) never rejoined as a running replica on the new timeline"), nil)
    }

    /// PgPool never acknowledges a write on a node after that node was demoted (seen leaving the primary
    /// role, or another member seen promoted after it) and before it was promoted again.
    ///
    /// Observation lag is resolved in the node's favour: a promotion counts from the previous poll of its
    /// source, a demotion only from the poll that saw it.
    public static func pgpoolNoDemotedWrite(history: MeasurementHistory) -> InvariantVerdict {
        let replay = ClusterReplay(events: history.events)
        var violations: [String] = []
        for op in history.ops where op.path == .pgpool && op.isAck {
            guard let node = op.node, let member = history.member(servingNode: node) else { continue }
            let promoted = replay.lastPromotion(of: member, possiblyBeforeNs: op.endNs) ?? Int64.min
            if let demoted = replay.lastDemotion(of: member, atOrBeforeNs: op.startNs), demoted > promoted {
                violations.append(
                    "pgpool seq \(op.seq) acknowledged on \(member) (\(node)) at \(seconds(op.endNs)), after it was seen demoted at \(seconds(demoted))")
            } else if let other = replay.lastPromotion(ofOtherThan: member, atOrBeforeNs: op.startNs), other.timeNs > promoted {
                violations.append(
                    "pgpool seq \(op.seq) acknowledged on \(member) (\(node)) at \(seconds(op.endNs)), after \(other.member ?? "?") was seen promoted at \(seconds(other.timeNs))")
            }
        }
        return InvariantVerdict(violations: violations)
    }

    // MARK: - Shared rules

    /// Acks on a lower timeline that certainly started after an ack on a higher timeline had ended.
    static func olderTimelineAfterNewer(acks: [OpRecord], sameNodeAllowed: Bool) -> [String] {
        let withTimeline = acks.filter { $0.timeline != nil }
        let timelines = Set(withTimeline.compactMap(\.timeline)).sorted()
        // earliest end of an ack on any timeline above t
        var earliestAbove: [Int: OpRecord] = [:]
        var best: OpRecord?
        for timeline in timelines.reversed() {
            earliestAbove[timeline] = best
            if let first = withTimeline.filter({ $0.timeline == timeline }).min(by: { $0.endNs < $1.endNs }),
                best.map({ first.endNs < $0.endNs }) ?? true
            {
                best = first
            }
        }
        var violations: [String] = []
        for op in withTimeline.sorted(by: { $0.startNs < $1.startNs }) {
            guard let timeline = op.timeline, let newer = earliestAbove[timeline], newer.endNs < op.startNs else { continue }
            if sameNodeAllowed == false && newer.node == op.node { continue }
            violations.append(
                "\(op.path.rawValue) seq \(op.seq) acknowledged on \(op.node ?? "?") timeline \(timeline) at \(seconds(op.endNs)), "
                    + "after \(newer.path.rawValue) seq \(newer.seq) on \(newer.node ?? "?") timeline \(newer.timeline ?? 0) at \(seconds(newer.endNs))")
        }
        return violations
    }

    /// Without timelines: node A acks, then B, then A again, then B again (certain order) means two writers.
    static func interleavedWithoutTimeline(acks: [OpRecord]) -> [String] {
        var tenures: [(node: String, first: OpRecord)] = []
        for op in acks.sorted(by: { $0.endNs < $1.endNs }) {
            guard let node = op.node else { continue }
            if tenures.last?.node != node { tenures.append((node, op)) }
        }
        var violations: [String] = []
        if tenures.count >= 4 {
            for index in 3..<tenures.count
            where tenures[index].node == tenures[index - 2].node && tenures[index - 1].node == tenures[index - 3].node {
                violations.append(
                    "\(tenures[index - 1].node) and \(tenures[index].node) took turns acknowledging writes around \(seconds(tenures[index].first.endNs))")
            }
        }
        return violations
    }

    static func seconds(_ nanoseconds: Int64) -> String {
        String(format: "%.3fs", Double(nanoseconds) / 1e9)
    }
}
