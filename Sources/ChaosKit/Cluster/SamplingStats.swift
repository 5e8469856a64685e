// The observer's real sampling intervals, so a benchmark can report p50/p99/max.

/// Summary of the intervals between consecutive polls of each source.
public struct SamplingStats: Sendable, Hashable, Codable {
    /// Number of intervals.
    public var count: Int
    /// Median interval in ns.
    public var p50Ns: Int64
    /// 99th percentile interval in ns.
    public var p99Ns: Int64
    /// Longest interval in ns.
    public var maxNs: Int64

    /// Summarises the intervals of every source's completion times (each list in time order).
    public static func summarize(_ completions: [String: [Int64]]) -> SamplingStats {
        var intervals: [Int64] = []
        for times in completions.values where times.count > 1 {
            for index in 1..<times.count { intervals.append(times[index] - times[index - 1]) }
        }
        intervals.sort()
        guard let last = intervals.last else { return SamplingStats(count: 0, p50Ns: 0, p99Ns: 0, maxNs: 0) }
        func percentile(_ fraction: Double) -> Int64 {
            let rank = Int((fraction * Double(intervals.count)).rounded(.up)) - 1
            return intervals[min(max(rank, 0), intervals.count - 1)]
        }
        return SamplingStats(count: intervals.count, p50Ns: percentile(0.5), p99Ns: percentile(0.99), maxNs: last)
    }
}
