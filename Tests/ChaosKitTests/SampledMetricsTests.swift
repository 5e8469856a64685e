// The sampler's series summed up for hypotheses: the worst lag per replica, etcd counters as increases over the
// run, sizes in hypotheses about bytes, and metrics.csv read back as written.

import Testing
@testable import ChaosKit

@Suite struct SampledMetricsTests {
    let second: Int64 = 1_000_000_000

    func samples() -> [MetricSample] {
        var samples: [MetricSample] = []
        for t in Int64(0)..<5 {
            samples.append(MetricSample(timeNs: t * second, source: "primary", metric: "replication_lag_bytes", labels: ["member": "pg2"], value: Double(t * 1_000)))
            samples.append(MetricSample(timeNs: t * second, source: "primary", metric: "replication_lag_bytes", labels: ["member": "pg3"], value: t == 3 ? 20_000_000 : 0))
            samples.append(MetricSample(timeNs: t * second, source: "primary", metric: "replication_lag_seconds", labels: ["member": "pg3"], value: t == 3 ? 2.5 : 0))
            samples.append(MetricSample(timeNs: t * second, source: "primary", metric: "connections", value: Double(4 + t)))
            // etcd1 saw one leader change during the run, etcd2 two; counters start where earlier runs left them.
            samples.append(MetricSample(timeNs: t * second, source: "etcd:etcd1", metric: "etcd_server_leader_changes_seen_total", value: t < 2 ? 7 : 8))
            samples.append(MetricSample(timeNs: t * second, source: "etcd:etcd2", metric: "etcd_server_leader_changes_seen_total", value: t < 2 ? 3 : 5))
            samples.append(MetricSample(timeNs: t * second, source: "etcd:etcd1", metric: "etcd_server_proposals_failed_total", value: 12))
        }
        return samples
    }

    @Test func theRunIsSummedUpPerReplicaAndAsCounterIncreases() {
        let sampled = SampledMetrics.evaluate(samples(), failedReads: ["patroni:pg1": 3])
        #expect(sampled.lagBytesMax == ["pg2": 4_000, "pg3": 20_000_000])
        #expect(sampled.value(of: "max(metric.replication_lag_bytes)") == .count(20_000_000))
        #expect(sampled.value(of: "max(metric.replication_lag_seconds)") == .duration(seconds: 2.5))
        #expect(sampled.value(of: "metric.etcd_leader_changes") == .count(2))
        #expect(sampled.value(of: "metric.etcd_proposals_failed") == .count(0))
        #expect(sampled.value(of: "max(metric.connections)") == .count(8))
        #expect(sampled.value(of: "max(metric.commits_per_second)") == nil, "not sampled in this history")
        #expect(sampled.failedReads == ["patroni:pg1": 3])
    }

    @Test func aHypothesisAboutBytesTakesASize() throws {
        let expression = try Expression.parse("max(metric.replication_lag_bytes) < 16MB", scope: .result).get()
        #expect(expression.literal == .number(16 * 1024 * 1024))
        let evaluator = HypothesisEvaluator { name in SampledMetrics.evaluate(samples()).value(of: name)?.literal }
        #expect(!evaluator.evaluate(expression).held, "20 000 000 bytes is more than 16MB")
        #expect(evaluator.evaluate(try Expression.parse("max(metric.replication_lag_bytes) < 32MB", scope: .result).get()).held)
        #expect(ByteSize.parse("512kB") == 524_288 && ByteSize.parse("1GiB") == 1_073_741_824 && ByteSize.parse("100B") == 100)
        #expect(ByteSize.parse("16XB") == nil && ByteSize.parse("-1MB") == nil && ByteSize.parse("nanMB") == nil)
        #expect(ByteSize.describe(20_000_000) == "19MB" && ByteSize.describe(3_500) == "3.4kB" && ByteSize.describe(12) == "12B")
        guard case .failure(let error) = Expression.parse("metric.etcd_leader_changes == 2MB", scope: .result) else {
            Issue.record("a size is only for metrics about bytes")
            return
        }
        #expect(error.message.contains("count"))
    }

    @Test func metricsCSVReadsBackAsWritten() throws {
        let written = samples()
        let read = try MetricsLog.samples(fromCSV: MetricsLog.csv(written))
        #expect(read == written)
        #expect(throws: ReportError.self) { try MetricsLog.samples(fromCSV: "time_ns,source,metric,labels,value\nx,primary,connections,,1\n") }
    }
}
