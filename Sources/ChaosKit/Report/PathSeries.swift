// One path's op history condensed for plotting: per-second acks, failures and latency, and the runs of
// consecutive failed ops.

/// One 1-second bucket of a path's ops (bucketed by op end).
struct OpBucket: Equatable {
    /// Bucket start, seconds since the report's origin.
    var second: Int
    /// Acknowledged writes that ended in the bucket.
    var acked = 0
    /// Failed writes that ended in the bucket.
    var failed = 0
    /// Median latency of the acknowledged writes, ms.
    var p50Ms: Double?
    /// Highest latency of the acknowledged writes, ms.
    var maxMs: Double?
}

/// Consecutive failed ops (by seq) on one path.
struct FailureRun: Equatable {
    /// First and last seq.
    var firstSeq: Int64
    var lastSeq: Int64
    /// First op start, last op end (ns).
    var startNs: Int64
    var endNs: Int64
    /// The outcomes seen, e.g. `connectionError ×120, timeout ×3`.
    var outcomes: String
    /// The first error message, if any.
    var message: String?
}

/// A path's ops ready to plot.
struct PathSeries {
    /// The path.
    var path: WritePath
    /// Buckets covering every second from the first to the last op (empty seconds included).
    var buckets: [OpBucket]
    /// Runs of failed ops.
    var failureRuns: [FailureRun]

    /// Condenses `ops` of `path`; seconds are counted from `originNs`.
    init(path: WritePath, ops allOps: [OpRecord], originNs: Int64) {
        self.path = path
        let ops = allOps.filter { $0.path == path }.sorted { $0.seq < $1.seq }
        func second(_ ns: Int64) -> Int { Int((Double(ns - originNs) / 1e9).rounded(.down)) }
        var latencies: [Int: [Double]] = [:]
        var counts: [Int: (acked: Int, failed: Int)] = [:]
        for op in ops {
            let bucket = second(op.endNs)
            var count = counts[bucket] ?? (0, 0)
            if op.isAck {
                count.acked += 1
                latencies[bucket, default: []].append(Double(op.endNs - op.startNs) / 1e6)
            } else {
                count.failed += 1
            }
            counts[bucket] = count
        }
        if let first = counts.keys.min(), let last = counts.keys.max() {
            buckets = (first...last).map { index in
                var bucket = OpBucket(second: index)
                bucket.acked = counts[index]?.acked ?? 0
                bucket.failed = counts[index]?.failed ?? 0
                if let values = latencies[index]?.sorted(), let maximum = values.last {
                    bucket.p50Ms = values[(values.count - 1) / 2]
                    bucket.maxMs = maximum
                }
                return bucket
            }
        } else {
            buckets = []
        }
        failureRuns = PathSeries.failureRuns(ops)
    }

    /// Groups consecutive failed ops (no ack between them) into runs.
    static func failureRuns(_ ops: [OpRecord]) -> [FailureRun] {
        var runs: [FailureRun] = []
        var current: [OpRecord] = []
        func close() {
            guard let first = current.first, let last = current.last else { return }
            var tally: [OpOutcome: Int] = [:]
            for op in current { tally[op.outcome, default: 0] += 1 }
            let outcomes = tally.sorted { $0.value > $1.value }.map { "\($0.key.rawValue) ×\($0.value)" }.joined(separator: ", ")
            runs.append(
                FailureRun(
                    firstSeq: first.seq, lastSeq: last.seq, startNs: current.map(\.startNs).min() ?? first.startNs,
                    endNs: current.map(\.endNs).max() ?? last.endNs, outcomes: outcomes,
                    message: current.first { $0.message != nil }?.message))
            current = []
        }
        for op in ops {
            if op.isAck { close() } else { current.append(op) }
        }
        close()
        return runs
    }
}
