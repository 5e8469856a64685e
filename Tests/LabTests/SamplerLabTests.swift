// The sampler against the real lab: every source answers (lag per replica from the primary, Patroni's role gauges,
// etcd's counters, PgPool-II's backends), and a metric hypothesis that holds and one that must fail are judged on
// what it read.

import ChaosKit
import Foundation
import Testing

extension LabSuite {
    @Suite(.serialized) struct SamplerLabTests {
        let lab = LabSupport.controller()

        @Test(.timeLimit(.minutes(3))) func theSamplerReadsEverySourceAndItsFiguresJudgeHypotheses() throws {
            let lock = LabTestLock()
            defer { withExtendedLifetime(lock) {} }
            try LabSupport.ensureHealthy(lab)
            let inventory = try #require(lab.inventory())
            let credentials = try #require(lab.credentials())
            let endpoints = RunEndpoints(inventory: inventory, credentials: credentials)
            let clock = MonotonicClock()
            let runId = "sampler-\(UUID().uuidString.prefix(8))"
            let log = OpLog()
            let writer = Writer(
                configuration: WriterConfiguration(path: .direct, endpoint: endpoints.endpoint(for: .direct), runId: runId, rate: 50),
                clock: clock, log: log)
            try Writer.prepareTable(dsn: endpoints.dsn(for: .direct))
            writer.start()
            let sampler = MetricsSampler(targets: endpoints.samplerTargets, intervalNs: 500_000_000, clock: clock)
            sampler.start()
            Thread.sleep(forTimeInterval: 3.2)
            sampler.stop()
            writer.stop()

            let samples = sampler.log.samples
            let leader = try #require(lab.status().leader)
            let replicas = Set(inventory.nodes(.postgres).map(\.name).filter { $0 != leader })
            #expect(Set(samples.filter { $0.metric == "replication_lag_bytes" }.compactMap { $0.labels["member"] }) == replicas)
            #expect(Set(samples.filter { $0.metric == "patroni_primary" && $0.value == 1 }.map(\.source)) == ["patroni:\(leader)"])
            #expect(Set(samples.filter { $0.metric == "etcd_server_has_leader" }.map(\.source)).count == 3)
            #expect(Set(samples.filter { $0.metric == "pgpool_backend_up" && $0.value == 1 }.compactMap { $0.labels["backend"] }).count == 3)
            #expect(samples.contains { $0.metric == "commits_per_second" && $0.value > 10 }, "50 writes/s show as commits")
            #expect(sampler.failedReads.isEmpty, "\(sampler.failedReads)")

            let sampled = SampledMetrics.evaluate(samples)
            let evaluator = HypothesisEvaluator { name in sampled.value(of: name)?.literal }
            func judge(_ text: String) throws -> ExpressionVerdict { evaluator.evaluate(try Expression.parse(text, scope: .result).get()) }
            let holds = try judge("max(metric.replication_lag_bytes) < 64MB")
            #expect(holds.held, "\(holds.line)")
            #expect(try judge("metric.etcd_leader_changes == 0").held)
            let mustFail = try judge("max(metric.connections) < 1")
            #expect(!mustFail.held && mustFail.measured != nil, "the writer and the sampler are connected: \(mustFail.line)")
        }
    }
}
