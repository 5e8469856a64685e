// RTO, downtime and the longest ack gap for one path, from its op log.

/// What one path's clients felt.
public struct PathAvailability: Sendable, Hashable, Codable {
    /// The path.
    public var path: WritePath
    /// Acknowledged writes.
    public var acked: Int
    /// Failed or timed-out writes.
    public var failed: Int
    /// Fault → first ack after the last failure in the fault window; 0 when nothing failed; nil if never recovered.
    public var rtoNs: Int64?
    /// Sum of the gaps between consecutive acks that contain a failure (to the last op if never recovered).
    public var downtimeNs: Int64
    /// Longest gap between consecutive acks (including a trailing unrecovered gap).
    public var maxGapNs: Int64
    /// The first and last failure in the fault window (op start / op end), if any.
    public var failureWindow: TimeWindow?

    /// True when the path acknowledged a write after its last failure (or never failed).
    public var recovered: Bool { rtoNs != nil }

    /// Computes the figures for `path` from `ops` (other paths' ops are ignored).
    ///
    /// With no fault time, the first failed op's start stands for it.
    public static func evaluate(ops allOps: [OpRecord], path: WritePath, faultNs: Int64?, windowEndNs: Int64?) -> PathAvailability {
        let ops = allOps.filter { $0.path == path }.sorted { $0.seq < $1.seq }
        let acks = ops.filter(\.isAck).map(\.endNs).sorted()
        let failures = ops.filter { !$0.isAck }
        var result = PathAvailability(
            path: path, acked: acks.count, failed: failures.count, rtoNs: 0, downtimeNs: 0, maxGapNs: 0, failureWindow: nil)

        // RTO: only failures inside the fault window count.
        let fault = faultNs ?? failures.first?.startNs ?? 0
        let windowEnd = windowEndNs ?? Int64.max
        let inWindow = failures.filter { $0.endNs >= fault && $0.startNs <= windowEnd }
        if let firstFailure = inWindow.first, let lastFailure = inWindow.last {
            result.failureWindow = TimeWindow(startNs: firstFailure.startNs, endNs: lastFailure.endNs)
            if let recovery = ops.first(where: { $0.seq > lastFailure.seq && $0.isAck }) {
                result.rtoNs = recovery.endNs - fault
            } else {
                result.rtoNs = nil
            }
        }

        // Gaps between consecutive acks; a gap is downtime when a failure ended inside it.
        let failureEnds = failures.map(\.endNs).sorted()
        var failureIndex = 0
        var previousAck: Int64?
        for ack in acks {
            var failedInside = false
            while failureIndex < failureEnds.count && failureEnds[failureIndex] <= ack {
                if previousAck.map({ failureEnds[failureIndex] > $0 }) ?? true { failedInside = true }
                failureIndex += 1
            }
            let gapStart = previousAck ?? failures.first.map(\.startNs) ?? ack
            let gap = ack - gapStart
            if previousAck != nil { result.maxGapNs = max(result.maxGapNs, gap) }
            if failedInside { result.downtimeNs += gap }
            previousAck = ack
        }
        if failureIndex < failureEnds.count, let lastOpEnd = ops.map(\.endNs).max() {
            let gapStart = previousAck ?? failures.first.map(\.startNs) ?? lastOpEnd
            result.downtimeNs += lastOpEnd - gapStart
            result.maxGapNs = max(result.maxGapNs, lastOpEnd - gapStart)
        }
        return result
    }
}

/// A span of monotonic time.
public struct TimeWindow: Sendable, Hashable, Codable {
    /// Start, ns since the run's start.
    public var startNs: Int64
    /// End, ns since the run's start.
    public var endNs: Int64

    /// Creates a window.
    public init(startNs: Int64, endNs: Int64) {
        self.startNs = startNs
        self.endNs = endNs
    }
}
