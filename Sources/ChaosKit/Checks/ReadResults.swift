// What the readers felt: availability per read path (the writes' definitions) and staleness — reads that missed a
// write acknowledged before they began, and reads that went back behind an earlier read on the same path.

/// One read that missed acknowledged writes.
public struct StaleRead: Sendable, Hashable, Codable {
    /// The path read through.
    public var path: ReadPath
    /// The read's start, ns on the run clock.
    public var startNs: Int64
    /// The serving node.
    public var node: String?
    /// The highest seq the read saw.
    public var seenSeq: Int64
    /// The highest seq acknowledged before the read began.
    public var expectedSeq: Int64
    /// Acknowledged writes it missed.
    public var writesBehind: Int
    /// How long before the read the first write it missed had been acknowledged.
    public var stalenessNs: Int64
}

/// The figures of one read path.
public struct ReadPathResult: Sendable, Hashable, Codable {
    /// The path.
    public var path: ReadPath
    /// Answered reads.
    public var ok: Int
    /// Failed or timed-out reads.
    public var failed: Int
    /// Fault → the first answered read after which reads went on being answered for the recovery hold; 0 when no
    /// read failed; nil when reads never came back.
    public var rtoNs: Int64?
    /// Sum of the gaps between answered reads that contain a failure.
    public var downtimeNs: Int64
    /// Longest gap between answered reads.
    public var maxGapNs: Int64
    /// Every outage of the path.
    public var outages: [Outage]
    /// Answered reads served by a standby.
    public var fromStandby: Int
    /// Answered reads per serving node (`address:port`).
    public var nodes: [String: Int]
    /// Reads that missed a write acknowledged before they began.
    public var stale: Int
    /// The stalest of them: how long before the read its first missed write had been acknowledged; 0 when none.
    public var staleMaxNs: Int64
    /// The most acknowledged writes one read missed; 0 when none.
    public var writesBehindMax: Int
    /// Reads that saw less than an earlier read on the same path had seen.
    public var monotonicViolations: Int
}

/// What every reader felt, against the acknowledged writes of one writer path.
public struct ReadResults: Sendable, Hashable, Codable {
    /// The writer path whose rows the readers read.
    public var sourcePath: WritePath
    /// One entry per read path that had reads.
    public var paths: [ReadPathResult]
    /// The first stale reads (at most ``examplesKept``) and the stalest, for the reports.
    public var examples: [StaleRead]

    /// How many stale reads are kept as examples.
    public static let examplesKept = 20

    /// Stale reads on every path.
    public var staleCount: Int { paths.reduce(0) { $0 + $1.stale } }
    /// The stalest read on any path; 0 when none.
    public var staleMaxNs: Int64 { paths.map(\.staleMaxNs).max() ?? 0 }
    /// The most writes one read missed on any path.
    public var writesBehindMax: Int { paths.map(\.writesBehindMax).max() ?? 0 }
    /// Monotonic-read violations on every path.
    public var monotonicViolations: Int { paths.reduce(0) { $0 + $1.monotonicViolations } }

    /// The figures of one read path, if it had reads.
    public func path(_ path: ReadPath) -> ReadPathResult? { paths.first { $0.path == path } }

    /// Judges `reads` against the acknowledged writes of `sourcePath` in `writes`. RTO and outages follow the
    /// writes' rules (``PathOutages``) with the same fault time, window and hold.
    public static func evaluate(
        reads: [ReadRecord], writes: [OpRecord], sourcePath: WritePath, faultNs: Int64?, windowEndNs: Int64?, holdNs: Int64
    ) -> ReadResults {
        let acks = AcknowledgedWrites(writes.filter { $0.path == sourcePath && $0.isAck })
        var examples: [StaleRead] = []
        var stalest: StaleRead?
        var results: [ReadPathResult] = []
        for path in ReadPath.allCases {
            let attempts = reads.filter { $0.path == path }.sorted { $0.seq < $1.seq }
            guard !attempts.isEmpty else { continue }
            let answered = attempts.filter(\.isAck)
            let fault = faultNs ?? attempts.first { !$0.isAck }?.startNs ?? 0
            let cut = PathOutages.cut(ops: attempts, faultNs: faultNs, windowEndNs: windowEndNs, holdNs: holdNs)
            let gaps = AckGaps.measure(attempts)
            var result = ReadPathResult(
                path: path, ok: answered.count, failed: attempts.count - answered.count, rtoNs: cut.recoveredNs.map { max(0, $0 - fault) },
                downtimeNs: gaps.downtimeNs, maxGapNs: gaps.maxGapNs, outages: cut.outages,
                fromStandby: answered.filter { $0.fromStandby == true }.count, nodes: [:], stale: 0, staleMaxNs: 0, writesBehindMax: 0,
                monotonicViolations: 0)
            var highestSeen: Int64 = 0
            for read in answered {
                if let node = read.node { result.nodes[node, default: 0] += 1 }
                let seen = read.seenSeq ?? 0
                if seen < highestSeen { result.monotonicViolations += 1 }
                highestSeen = max(highestSeen, seen)
                guard let miss = acks.missed(by: seen, readStartNs: read.startNs) else { continue }
                let stale = StaleRead(
                    path: path, startNs: read.startNs, node: read.node, seenSeq: seen, expectedSeq: miss.expectedSeq,
                    writesBehind: miss.writesBehind, stalenessNs: read.startNs - miss.firstMissedAckNs)
                result.stale += 1
                result.staleMaxNs = max(result.staleMaxNs, stale.stalenessNs)
                result.writesBehindMax = max(result.writesBehindMax, stale.writesBehind)
                if examples.count < examplesKept { examples.append(stale) }
                if stalest.map({ stale.stalenessNs > $0.stalenessNs }) ?? true { stalest = stale }
            }
            results.append(result)
        }
        if let stalest, !examples.contains(stalest) { examples.append(stalest) }
        return ReadResults(sourcePath: sourcePath, paths: results, examples: examples)
    }
}

/// One writer path's acknowledged writes in acknowledgement order, for finding what a read missed.
struct AcknowledgedWrites {
    private let endNs: [Int64]
    private let seqs: [Int64]

    init(_ acks: [OpRecord]) {
        let sorted = acks.sorted { ($0.endNs, $0.seq) < ($1.endNs, $1.seq) }
        endNs = sorted.map(\.endNs)
        seqs = sorted.map(\.seq)
    }

    /// What a read that began at `readStartNs` and saw `seen` missed of the writes acknowledged before it began,
    /// or nil when it missed none.
    func missed(by seen: Int64, readStartNs: Int64) -> (expectedSeq: Int64, writesBehind: Int, firstMissedAckNs: Int64)? {
        // Acknowledged before the read began: the first `count` entries.
        var low = 0
        var high = endNs.count
        while low < high {
            let middle = (low + high) / 2
            if endNs[middle] <= readStartNs { low = middle + 1 } else { high = middle }
        }
        let count = low
        guard count > 0 else { return nil }
        // One writer acknowledges in seq order, so what a stale read missed is the newest acknowledgements: walk back.
        var behind = 0
        var firstMissed: Int64?
        var index = count - 1
        while index >= 0, seqs[index] > seen {
            behind += 1
            firstMissed = endNs[index]
            index -= 1
        }
        let expected = seqs[count - 1]
        guard behind > 0, let firstMissed else { return nil }
        return (expected, behind, firstMissed)
    }
}
