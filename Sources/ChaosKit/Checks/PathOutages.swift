// A path's history cut into outages: runs of failed writes, each ended by the next acknowledged one. The
// outage the fault causes (with any further failure that starts before the recovery has held for the hold
// time) sets the RTO; every outage after that is reported on its own, so a failback blip long after recovery
// is a finding of its own instead of stretching the RTO.

import Foundation

/// One stretch of time in which a path's writes failed.
public struct Outage: Sendable, Hashable, Codable {
    /// Where the outage sits relative to the fault.
    public enum Phase: String, Sendable, Hashable, Codable {
        /// Ended before the fault (nothing to do with it).
        case beforeFault = "before_fault"
        /// The fault's own outage: from the first failure at or after the fault to the recovery that held.
        case recovery
        /// Began after the recovery had held for the hold time.
        case afterRecovery = "after_recovery"
    }

    /// Start of the first failed write (ns on the run clock).
    public var startNs: Int64
    /// End of the acknowledged write that ended it; nil when no write was acknowledged after it.
    public var endNs: Int64?
    /// Failed or timed-out writes in it.
    public var failedWrites: Int
    /// Before the fault, the fault's own, or after recovery.
    public var phase: Phase
    /// What the observer saw from one second before to one second after (e.g. PgPool-II marking a backend
    /// down and up again on a failback).
    public var observed: [String] = []

    /// Its length; nil when it never ended.
    public var lengthNs: Int64? { endNs.map { $0 - startNs } }
}

/// Cuts one path's ops into outages.
public enum PathOutages {
    /// How long writes must go on being acknowledged after an outage before the path counts as recovered,
    /// unless the scenario says otherwise (`workload.recovery_hold`).
    public static let defaultHoldNs: Int64 = 5_000_000_000

    /// The outages of `ops` (one path's, any order) and the moment the path recovered from the fault: the end
    /// of the fault's outage, 0 ns after the fault when nothing failed from the fault on, nil when it never
    /// recovered. `faultNs` nil (no fault) takes the first failure's start. An outage that starts after
    /// `windowEndNs` (the method's end) is never the fault's own: it is reported as after recovery.
    public static func cut<Attempt: TimedAttempt>(
        ops: [Attempt], faultNs: Int64?, windowEndNs: Int64? = nil, holdNs: Int64
    ) -> (outages: [Outage], recoveredNs: Int64?) {
        let sorted = ops.sorted { $0.seq < $1.seq }
        var runs: [Outage] = []
        var current: Outage?
        for op in sorted {
            if op.isAck {
                if var open = current {
                    open.endNs = op.endNs
                    runs.append(open)
                    current = nil
                }
            } else if var open = current {
                open.failedWrites += 1
                open.startNs = min(open.startNs, op.startNs)
                current = open
            } else {
                current = Outage(startNs: op.startNs, endNs: nil, failedWrites: 1, phase: .recovery)
            }
        }
        if let open = current { runs.append(open) }
        guard let fault = faultNs ?? runs.first?.startNs else { return ([], 0) }

        var outages: [Outage] = []
        var index = 0
        while index < runs.count, let end = runs[index].endNs, end < fault {
            var early = runs[index]
            early.phase = .beforeFault
            outages.append(early)
            index += 1
        }
        guard index < runs.count, runs[index].startNs <= windowEndNs ?? .max else {
            for var later in runs[index...] {
                later.phase = .afterRecovery
                outages.append(later)
            }
            return (outages, fault)
        }
        // The fault's outage absorbs every run that starts before the recovery has held for `holdNs`.
        var recovery = runs[index]
        index += 1
        while index < runs.count, let end = recovery.endNs, runs[index].startNs - end < holdNs,
              runs[index].startNs <= windowEndNs ?? .max {
            recovery.endNs = runs[index].endNs
            recovery.failedWrites += runs[index].failedWrites
            index += 1
        }
        outages.append(recovery)
        for var later in runs[index...] {
            later.phase = .afterRecovery
            outages.append(later)
        }
        return (outages, recovery.endNs)
    }

    /// What the observer saw around `outage`, as short lines (`+26.10s pgpoolNodeStatusChanged pg1 up→down`, the kinds of events.csv),
    /// times relative to `originNs`.
    static func observed(around outage: Outage, events: [ClusterEvent], originNs: Int64) -> [String] {
        let from = outage.startNs - 1_000_000_000
        let to = (outage.endNs ?? outage.startNs) + 1_000_000_000
        return events.filter { $0.timeNs >= from && $0.timeNs <= to }.sorted { $0.timeNs < $1.timeNs }.prefix(12).map { event in
            var words = [String(format: "%+.2fs", Double(event.timeNs - originNs) / 1e9), event.kind.rawValue]
            if let member = event.member { words.append(member) }
            if event.from != nil || event.to != nil { words.append("\(event.from ?? "?")→\(event.to ?? "?")") }
            return words.joined(separator: " ")
        }
    }
}
