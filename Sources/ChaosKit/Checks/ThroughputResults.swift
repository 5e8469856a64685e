// Throughput through a fault, from a pgbench load's transactions: per-second TPS on the run's clock, the
// pre-fault median, how long TPS stayed below 90 % of it, and the p99 latency while it did.

import Foundation

/// What a pgbench load felt during a run.
public struct ThroughputResults: Sendable, Hashable, Codable {
    /// The load.
    public var load: PgbenchLoadSpec
    /// Median TPS over the whole seconds before the first fault (the first second of the load left out).
    public var preFaultMedianTps: Double?
    /// How long TPS stayed below 90 % of the pre-fault median, judged on means over ``stableSeconds`` whole
    /// seconds (on a busy machine single seconds swing ±20 % without any fault): fault → the start of the
    /// first 3 s window at or above the floor that follows the first window below it. 0 when no window
    /// after the fault fell below (the load never noticed); nil when it never came back within the run, or
    /// there was no fault or no pre-fault median. A drop that comes seconds after the fault (a Patroni kill
    /// is felt only when the leader key expires) is found, not taken for "recovered at once".
    public var recoveryNs: Int64?
    /// The 99th percentile latency of the transactions completed from the fault until the end of the 3 s
    /// window that showed recovery (at least the fault's own window, at least one second), ns.
    public var faultP99Ns: Int64?
    /// Transactions that completed in that window.
    public var faultTransactions: Int
    /// One entry per second since the method started (negative: the warm-up).
    public var seconds: [ThroughputSecond]
    /// How many times pgbench was started (1 + one per time all its clients were cut off or it could not connect).
    public var launches: Int
    /// Clients pgbench reported as aborted (their connection broke mid-transaction; those transactions are not logged).
    public var abortedClients: Int

    /// Seconds TPS must stay at or above the threshold to count as recovered.
    public static let stableSeconds = 3
    /// The fraction of the pre-fault median that counts as recovered.
    public static let threshold = 0.9

    /// Evaluates a load's transactions. `originNs` is the method's start (second 0), `faultNs` the first
    /// fault, `faultEndNs` when it was healed (nil: not healed within the run or not healable),
    /// `[startNs, endNs)` the time the load's log covers.
    public static func evaluate(
        load: PgbenchLoadSpec, transactions: [LoadTransaction], originNs: Int64, faultNs: Int64?, faultEndNs: Int64?,
        startNs: Int64, endNs: Int64, launches: Int, abortedClients: Int
    ) -> ThroughputResults {
        let second: Int64 = 1_000_000_000
        func index(_ ns: Int64) -> Int { Int((ns - originNs).floorDivided(by: second)) }
        let first = index(startNs) + 1
        let last = index(endNs) - 1
        var seconds: [ThroughputSecond] = []
        if last >= first {
            var buckets = [[LoadTransaction]](repeating: [], count: last - first + 1)
            for transaction in transactions {
                let i = index(transaction.completedNs)
                if i >= first, i <= last { buckets[i - first].append(transaction) }
            }
            seconds = buckets.enumerated().map { offset, bucket in
                let latencies = bucket.compactMap(\.latencyNs).sorted()
                return ThroughputSecond(
                    second: first + offset, tps: latencies.count, failed: bucket.count - latencies.count,
                    p50Ms: Double(BenchStatistics.percentile(latencies, 0.5)) / 1e6, p99Ms: Double(BenchStatistics.percentile(latencies, 0.99)) / 1e6)
            }
        }
        var results = ThroughputResults(load: load, preFaultMedianTps: nil, recoveryNs: nil, faultP99Ns: nil, faultTransactions: 0,
                                        seconds: seconds, launches: launches, abortedClients: abortedClients)
        guard let faultNs else { return results }
        let faultSecond = index(faultNs)
        let before = seconds.filter { $0.second < faultSecond }.map { Double($0.tps) }.sorted()
        guard !before.isEmpty else { return results }
        let median = before.count % 2 == 1 ? before[before.count / 2] : (before[before.count / 2 - 1] + before[before.count / 2]) / 2
        results.preFaultMedianTps = median
        let floor = threshold * median
        let after = seconds.filter { $0.second >= faultSecond }
        let starts = after.indices.filter { $0 + stableSeconds <= after.count }
        func holds(_ start: Int) -> Bool {
            Double(after[start..<start + stableSeconds].map(\.tps).reduce(0, +)) / Double(stableSeconds) >= floor
        }
        if let dip = starts.first(where: { !holds($0) }) {
            if let back = starts.first(where: { $0 > dip && holds($0) }) {
                results.recoveryNs = max(0, originNs + Int64(after[back].second) * second - faultNs)
            }
        } else if !starts.isEmpty {
            results.recoveryNs = 0
        }
        // Until the end of the window that showed recovery: a load cut off completes nothing during the outage,
        // and its first transactions back (often the slowest) are what the fault cost.
        let recoveredEnd = results.recoveryNs.map { faultNs + $0 + Int64(stableSeconds) * second } ?? endNs
        let windowEnd = max(recoveredEnd, faultEndNs ?? faultNs, faultNs + second)
        let latencies = transactions.filter { $0.completedNs >= faultNs && $0.completedNs < windowEnd }.compactMap(\.latencyNs).sorted()
        results.faultTransactions = latencies.count
        results.faultP99Ns = latencies.isEmpty ? nil : BenchStatistics.percentile(latencies, 0.99)
        return results
    }
}

/// One second of a load.
public struct ThroughputSecond: Sendable, Hashable, Codable {
    /// Seconds since the method started.
    public var second: Int
    /// Successful transactions completed in it.
    public var tps: Int
    /// Failed transactions.
    public var failed: Int
    /// Median latency, ms (0 when none).
    public var p50Ms: Double
    /// 99th percentile latency, ms (0 when none).
    public var p99Ms: Double
}

extension Int64 {
    /// Division rounding towards minus infinity (a time before the origin falls in second -1, not 0).
    func floorDivided(by divisor: Int64) -> Int64 {
        let quotient = self / divisor
        return (self % divisor != 0 && (self < 0) != (divisor < 0)) ? quotient - 1 : quotient
    }
}

extension ThroughputResults {
    /// `throughput.csv`: one row per second since the method started.
    public var csv: String {
        var out = "second,tps,failed,latency_p50_ms,latency_p99_ms\n"
        for second in seconds {
            out += "\(second.second),\(second.tps),\(second.failed),\(String(format: "%.3f", second.p50Ms)),\(String(format: "%.3f", second.p99Ms))\n"
        }
        return out
    }
}
