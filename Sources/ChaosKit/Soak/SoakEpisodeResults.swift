// Each fault of a soak judged on its own, from the run's history: per path the RTO (from the fault's start to
// the acknowledged write after which the path stayed up for the recovery hold, the same rule as a run's),
// the writes that failed and those lost, within the episode's window (its start to the next fault's). Then
// the distribution per fault kind: min, median, p95 and max.

import Foundation

/// One episode's measurements.
public struct SoakEpisodeResult: Codable, Sendable, Equatable {
    /// One path in the episode.
    public struct PathResult: Codable, Sendable, Equatable {
        /// The path.
        public var path: WritePath
        /// Fault → recovery; 0 when nothing failed; nil when the path did not recover within the episode.
        public var rtoNs: Int64?
        /// Failed and acknowledged writes of the episode (see ``SoakEpisodeResults/evaluate(_:record:ops:holdNs:)``).
        public var failed: Int, acked: Int
        /// Acknowledged writes of the episode that were not read back (lost); nil when the rows could not be read back.
        public var lost: Int?
    }

    /// The episode as planned.
    public var episode: SoakEpisode
    /// When its fault actually started and ended on the run's clock (nil when it never ran).
    public var faultStartNs: Int64?, faultEndNs: Int64?
    /// How its fault step and its recovery wait ended (`ok`, `failed`, `timed out`, `not run`).
    public var outcome: String, recovery: String
    /// Per path.
    public var paths: [PathResult]
    /// The bank's checks in the episode's window that saw money missing or a balance below zero; nil without a bank.
    public var bankViolations: Int?
    /// RTO by layer from this fault (leader key, promotion, PgPool-II's switch), from the observer's events up to the
    /// episode's end; nil when the fault never ran.
    public var layers: LayerTimeline?
    /// `invariant.single_writer` held over the episode's own writes (one node per timeline, no older timeline
    /// acknowledged after a newer one); nil when the fault never ran.
    public var singleWriter: Bool?
}

/// The distribution of one measurement over the episodes of one fault kind.
public struct SoakDistribution: Codable, Sendable, Equatable {
    /// The fault (its name in the soak file) and the path.
    public var fault: String, path: WritePath
    /// How many episodes recovered, and how many did not.
    public var recovered: Int, notRecovered: Int
    /// RTO over the recovered episodes, ns.
    public var minNs: Int64, medianNs: Int64, p95Ns: Int64, maxNs: Int64
}

/// Judges a soak's episodes.
public enum SoakEpisodeResults {
    /// The episodes of `schedule` measured from `record` (steps and fault windows), `ops` and the bank's checks (when it ran). Each episode owns the
    /// writes from the end of the previous episode's recovery wait (the method's start for the first) to the end of
    /// its own (the method's end for the last): every write belongs to exactly one episode, and those acknowledged
    /// just before a fault — the ones a crash can lose — to that fault's. An outage that starts after the episode's
    /// recovery wait ended is not its fault's (the run's rule for after-recovery outages).
    public static func evaluate(
        _ schedule: SoakSchedule, record: RunRecord, ops: [OpRecord], holdNs: Int64, bank: (records: [BankRecord], spec: BankSpec)? = nil,
        events: [ClusterEvent] = []
    ) -> [SoakEpisodeResult] {
        let badChecks = bank.map { bank in
            bank.records.filter { $0.kind == .check && $0.outcome == .ok }.filter {
                $0.accounts != bank.spec.accounts || ($0.total.map { $0 != bank.spec.total } ?? false) || ($0.minimum ?? 0) < 0
            }.map(\.endNs)
        }
        let methodEnd = record.methodEndNs ?? .max
        let lost: Set<WriteKey>? = record.results?.rpo.map { Set($0.lost.map(\.key)) }
        let byPath = Dictionary(grouping: ops, by: \.path)
        var boundary = record.methodStartNs ?? 0
        var results: [SoakEpisodeResult] = []
        for (index, episode) in schedule.episodes.enumerated() {
            let window = record.faults.last { $0.step == episode.stepName }
            let step = record.steps.last { $0.name == episode.stepName }
            let wait = record.steps.last { $0.name == SoakSchedule.recoveryStepName(episode.number) }
            let ownEnd = index == schedule.episodes.count - 1 ? methodEnd : (wait?.endNs ?? methodEnd)
            var paths: [SoakEpisodeResult.PathResult] = []
            var layers: LayerTimeline?
            var singleWriter: Bool?
            if let start = window?.startNs {
                layers = LayerTimeline.evaluate(events: events.filter { $0.timeNs < ownEnd }, faultNs: start, paths: [])
                singleWriter = InvariantChecks.singleWriter(ops: ops.filter { $0.endNs >= boundary && $0.endNs < ownEnd }).holds
                for path in record.workload.paths {
                    let owned = (byPath[path] ?? []).filter { $0.endNs >= boundary && $0.endNs < ownEnd }
                    let cut = PathOutages.cut(ops: owned.filter { $0.endNs >= start }, faultNs: start, windowEndNs: wait?.endNs ?? ownEnd, holdNs: holdNs)
                    paths.append(.init(
                        path: path, rtoNs: cut.recoveredNs.map { max(0, $0 - start) }, failed: owned.filter { !$0.isAck }.count,
                        acked: owned.filter(\.isAck).count,
                        lost: lost.map { keys in owned.filter { $0.isAck && keys.contains(WriteKey(path: path, seq: $0.seq)) }.count }))
                }
            }
            results.append(SoakEpisodeResult(
                episode: episode, faultStartNs: window?.startNs, faultEndNs: window?.endNs, outcome: step?.outcome ?? "not run",
                recovery: wait?.outcome ?? "not run", paths: paths,
                bankViolations: badChecks.map { ends in ends.filter { $0 >= boundary && $0 < ownEnd }.count }, layers: layers,
                singleWriter: singleWriter))
            boundary = ownEnd
        }
        return results
    }

    /// RTO per fault and path over the episodes: min, median, p95 and max of those that recovered.
    public static func distributions(_ results: [SoakEpisodeResult]) -> [SoakDistribution] {
        var out: [SoakDistribution] = []
        let faults = results.map(\.episode.fault).reduce(into: [String]()) { if !$0.contains($1) { $0.append($1) } }
        for fault in faults {
            let episodes = results.filter { $0.episode.fault == fault && $0.faultStartNs != nil }
            for path in WritePath.allCases {
                let rows = episodes.compactMap { $0.paths.first { $0.path == path } }
                guard !rows.isEmpty else { continue }
                let values = rows.compactMap(\.rtoNs).sorted()
                guard !values.isEmpty else {
                    out.append(SoakDistribution(fault: fault, path: path, recovered: 0, notRecovered: rows.count, minNs: 0, medianNs: 0, p95Ns: 0, maxNs: 0))
                    continue
                }
                out.append(SoakDistribution(
                    fault: fault, path: path, recovered: values.count, notRecovered: rows.count - values.count, minNs: values[0],
                    medianNs: percentile(values, 0.5), p95Ns: percentile(values, 0.95), maxNs: values[values.count - 1]))
            }
        }
        return out
    }

    /// The nearest-rank percentile of sorted values.
    static func percentile(_ sorted: [Int64], _ p: Double) -> Int64 {
        let rank = Int((p * Double(sorted.count)).rounded(.up))
        return sorted[min(sorted.count - 1, max(0, rank - 1))]
    }
}
