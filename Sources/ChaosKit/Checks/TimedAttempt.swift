// What the availability checks need of one client attempt, written or read: its order, its times, and
// whether the server answered it. Writes (OpRecord) and reads (ReadRecord) are both cut into outages this way.

/// One client attempt on one path, as the availability checks take it.
public protocol TimedAttempt {
    /// Per-path sequence number, one per attempt, in the order the client made them.
    var seq: Int64 { get }
    /// Attempt start, ns on the run clock.
    var startNs: Int64 { get }
    /// Attempt end, ns on the run clock.
    var endNs: Int64 { get }
    /// True when the server answered it successfully.
    var isAck: Bool { get }
}

extension OpRecord: TimedAttempt {}

/// Downtime and the longest gap between answered attempts of one path.
public enum AckGaps {
    /// `downtime`: the sum of the gaps between consecutive answered attempts in which an attempt failed (to the
    /// last attempt if the path never came back); `maxGap`: the longest gap between answered attempts, a trailing
    /// unanswered stretch included. `attempts` are one path's, any order.
    public static func measure<Attempt: TimedAttempt>(_ attempts: [Attempt]) -> (downtimeNs: Int64, maxGapNs: Int64) {
        let acks = attempts.filter(\.isAck).map(\.endNs).sorted()
        let failures = attempts.filter { !$0.isAck }.sorted { $0.seq < $1.seq }
        let failureEnds = failures.map(\.endNs).sorted()
        var downtime: Int64 = 0
        var maxGap: Int64 = 0
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
            if previousAck != nil { maxGap = max(maxGap, gap) }
            if failedInside { downtime += gap }
            previousAck = ack
        }
        if failureIndex < failureEnds.count, let lastEnd = attempts.map(\.endNs).max() {
            let gapStart = previousAck ?? failures.first.map(\.startNs) ?? lastEnd
            downtime += lastEnd - gapStart
            maxGap = max(maxGap, lastEnd - gapStart)
        }
        return (downtime, maxGap)
    }
}
