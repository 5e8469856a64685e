// Turns pgbench transactions into a cell's figures: TPS over a fixed window, exact latency percentiles and
// one entry per second.

/// Statistics of transactions inside a window.
public enum BenchStatistics {
    /// The figures of the transactions that completed in `[startUs, startUs + durationSeconds)`.
    public static func measure(_ transactions: [PgbenchTransaction], startUs: Int64, durationSeconds: Int) -> BenchMeasurement {
        let endUs = startUs + Int64(durationSeconds) * 1_000_000
        let inWindow = transactions.filter { $0.completedUs >= startUs && $0.completedUs < endUs }
        var buckets = [[PgbenchTransaction]](repeating: [], count: max(durationSeconds, 0))
        for transaction in inWindow {
            let second = Int((transaction.completedUs - startUs) / 1_000_000)
            if second < buckets.count { buckets[second].append(transaction) }
        }
        let perSecond = buckets.enumerated().map { second, bucket in
            let latencies = bucket.compactMap(\.latencyUs).sorted()
            return BenchSecond(
                second: second, transactions: bucket.filter { !$0.failed }.count, failed: bucket.filter(\.failed).count,
                p50Ms: milliseconds(percentile(latencies, 0.50)), p99Ms: milliseconds(percentile(latencies, 0.99)))
        }
        let latencies = inWindow.compactMap(\.latencyUs).sorted()
        let succeeded = latencies.count
        return BenchMeasurement(
            transactions: succeeded, failed: inWindow.count - succeeded,
            tps: durationSeconds > 0 ? Double(succeeded) / Double(durationSeconds) : 0,
            latencyMs: latencies.isEmpty ? .zero : LatencyPercentiles(
                p50: milliseconds(percentile(latencies, 0.50)), p95: milliseconds(percentile(latencies, 0.95)),
                p99: milliseconds(percentile(latencies, 0.99)), max: milliseconds(latencies.last ?? 0)),
            perSecond: perSecond)
    }

    /// The nearest-rank percentile of sorted values (the smallest value with at least `q` of them at or
    /// below it); 0 for none.
    public static func percentile(_ sorted: [Int64], _ q: Double) -> Int64 {
        guard !sorted.isEmpty else { return 0 }
        let rank = Int((q * Double(sorted.count)).rounded(.up))
        return sorted[min(max(rank, 1), sorted.count) - 1]
    }

    static func milliseconds(_ microseconds: Int64) -> Double { Double(microseconds) / 1000 }
}
