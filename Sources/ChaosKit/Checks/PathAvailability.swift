// RTO, downtime and the longest ack gap for one path, from its op log.

/// What one path's clients felt.
public struct PathAvailability: Sendable, Hashable, Codable {
    /// The path.
    public var path: WritePath
    /// Acknowledged writes.
    public var acked: Int
    /// Failed or timed-out writes.
    public var failed: Int
    /// Fault → the end of the fault's outage: the first acknowledged write after which writes went on being
    /// acknowledged for the recovery hold (see ``PathOutages``); 0 when nothing failed; nil if never recovered.
    public var rtoNs: Int64?
    /// Sum of the gaps between consecutive acks that contain a failure (to the last op if never recovered).
    public var downtimeNs: Int64
    /// Longest gap between consecutive acks (including a trailing unrecovered gap).
    public var maxGapNs: Int64
    /// The first and last failure in the fault window (op start / op end), if any.
    public var failureWindow: TimeWindow?
    /// Every outage of the path (absent in run.json files written before outages were measured).
    public var outages: [Outage]?
    /// How long acknowledged writes had to go on for the path to count as recovered.
    public var recoveryHoldNs: Int64?
    /// The longest outage after recovery (an outage still open at the end counts to the last op); 0 when none.
    public var afterRecoveryMaxNs: Int64?
    /// How precisely the RTO is known: the path was still down when the last failed attempt of the fault's outage
    /// ended (a timeout waited all along; an error is the server's answer at that moment) and back by the end of the
    /// acknowledged write that ended the outage: the time between the two. nil when nothing failed or it never ended.
    public var rtoResolutionNs: Int64?

    /// Outages from the fault on: the fault's own and every later one.
    public var outagesSinceFault: [Outage] { (outages ?? []).filter { $0.phase != .beforeFault } }
    /// Outages that began after the recovery held.
    public var outagesAfterRecovery: [Outage] { (outages ?? []).filter { $0.phase == .afterRecovery } }

    /// True when the path acknowledged a write after its last failure (or never failed).
    public var recovered: Bool { rtoNs != nil }

    /// Computes the figures for `path` from `ops` (other paths' ops are ignored).
    ///
    /// With no fault time, the first failed op's start stands for it.
    public static func evaluate(
        ops allOps: [OpRecord], path: WritePath, faultNs: Int64?, windowEndNs: Int64?, holdNs: Int64 = PathOutages.defaultHoldNs
    ) -> PathAvailability {
        let ops = allOps.filter { $0.path == path }.sorted { $0.seq < $1.seq }
        let acks = ops.filter(\.isAck).map(\.endNs).sorted()
        let failures = ops.filter { !$0.isAck }
        var result = PathAvailability(
            path: path, acked: acks.count, failed: failures.count, rtoNs: 0, downtimeNs: 0, maxGapNs: 0, failureWindow: nil)

        // The failures inside the fault window, for plots.
        let fault = faultNs ?? failures.first?.startNs ?? 0
        let windowEnd = windowEndNs ?? Int64.max
        let inWindow = failures.filter { $0.endNs >= fault && $0.startNs <= windowEnd }
        if let firstFailure = inWindow.first, let lastFailure = inWindow.last {
            result.failureWindow = TimeWindow(startNs: firstFailure.startNs, endNs: lastFailure.endNs)
        }
        // RTO: the end of the fault's outage (one that starts after the window closed is not the fault's).
        let cut = PathOutages.cut(ops: ops, faultNs: faultNs, windowEndNs: windowEndNs, holdNs: holdNs)
        result.outages = cut.outages
        result.recoveryHoldNs = holdNs
        result.rtoNs = cut.recoveredNs.map { max(0, $0 - fault) }
        let lastOpEnd = ops.map(\.endNs).max() ?? 0
        result.afterRecoveryMaxNs = cut.outages.filter { $0.phase == .afterRecovery }
            .map { ($0.endNs ?? lastOpEnd) - $0.startNs }.max() ?? 0

        if let recovered = cut.recoveredNs, let ack = ops.first(where: { $0.isAck && $0.endNs == recovered }),
           let lastFailure = failures.last(where: { $0.seq < ack.seq }), cut.outages.contains(where: { $0.phase == .recovery }) {
            result.rtoResolutionNs = ack.endNs - lastFailure.endNs
        }
        (result.downtimeNs, result.maxGapNs) = AckGaps.measure(ops)
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
