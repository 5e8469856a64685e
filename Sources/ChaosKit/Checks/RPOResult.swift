// Data loss per acknowledged write: lost, ambiguous and duplicated writes, and WAL bytes lost.

/// A write the RPO check singles out, with what the op log knows about it.
public struct WriteFinding: Sendable, Hashable, Codable {
    /// Path and seq.
    public var key: WriteKey
    /// How the attempt ended.
    public var outcome: OpOutcome
    /// Attempt start (ns since run start).
    public var startNs: Int64
    /// Attempt end (ns since run start).
    public var endNs: Int64
    /// Serving node, when acknowledged.
    public var node: String?
    /// WAL position, when acknowledged.
    public var lsn: WALPosition?
    /// Timeline, when acknowledged.
    public var timeline: Int?
    /// Rows found for it.
    public var copies: Int
}

/// The RPO verdict: every acknowledged write checked against the rows read back.
public struct RPOResult: Sendable, Hashable, Codable {
    /// Acknowledged but absent.
    public var lost: [WriteFinding]
    /// Failed or timed out, yet present.
    public var ambiguous: [WriteFinding]
    /// Present more than once.
    public var duplicated: [WriteFinding]
    /// Rows whose (path, seq) no attempt in the op log produced.
    public var unexpected: [WriteKey]
    /// Earliest start to latest end of the lost writes.
    public var lostWindow: TimeWindow?
    /// WAL bytes past the timeline switch that held lost writes (a lower bound); 0 when nothing was lost,
    /// nil when the timeline history or positions are unknown.
    public var walBytesLost: UInt64?

    /// Compares the op log with the rows read back.
    public static func evaluate(ops: [OpRecord], readBack: RowCounts, timelineHistory: [TimelineSwitch]?) -> RPOResult {
        var lost: [WriteFinding] = []
        var ambiguous: [WriteFinding] = []
        var duplicated: [WriteFinding] = []
        var attempted = Set<WriteKey>()
        for op in ops.sorted(by: { WriteKey(path: $0.path, seq: $0.seq) < WriteKey(path: $1.path, seq: $1.seq) }) {
            let key = WriteKey(path: op.path, seq: op.seq)
            attempted.insert(key)
            let copies = readBack.count(of: key)
            let finding = WriteFinding(
                key: key, outcome: op.outcome, startNs: op.startNs, endNs: op.endNs, node: op.node, lsn: op.lsn,
                timeline: op.timeline, copies: copies)
            if op.isAck && copies == 0 { lost.append(finding) }
            if !op.isAck && copies > 0 { ambiguous.append(finding) }
            if copies > 1 { duplicated.append(finding) }
        }
        let unexpected = readBack.copies.keys.filter { !attempted.contains($0) }.sorted()
        let window = lost.isEmpty
            ? nil
            : TimeWindow(startNs: lost.map(\.startNs).min() ?? 0, endNs: lost.map(\.endNs).max() ?? 0)
        return RPOResult(
            lost: lost, ambiguous: ambiguous, duplicated: duplicated, unexpected: unexpected, lostWindow: window,
            walBytesLost: walBytes(lost: lost, history: timelineHistory))
    }

    /// Per timeline holding lost writes: highest lost position minus the point where that timeline ended.
    static func walBytes(lost: [WriteFinding], history: [TimelineSwitch]?) -> UInt64? {
        if lost.isEmpty { return 0 }
        guard let history else { return nil }
        var total: UInt64 = 0
        for (timeline, findings) in Dictionary(grouping: lost, by: \.timeline) {
            guard let timeline, let end = history.first(where: { $0.timeline == timeline })?.switchPosition,
                let highest = findings.compactMap(\.lsn).max()
            else { return nil }
            total += highest > end ? highest.value - end.value : 0
        }
        return total
    }
}
