import Foundation
import Testing
@testable import ChaosKit

/// `cluster:` settings as values: parsed over the preset, checked against Patroni's rule at file:line:col, equal by
/// effective value, and fed to the failover model.
@Suite struct ClusterSettingsTests {
    static func load(_ cluster: String) -> ScenarioLoadResult {
        let text = "version: 1\ntitle: t\ncluster:\n\(cluster)\nmethod:\n  - name: w\n    wait: 1s\n"
        return ScenarioLoader(capabilities: .everything).load(text: text, file: "s.yaml")
    }

    @Test func timingsGivenAsValuesReplaceThePresetsAndShowAsCustom() throws {
        let cluster = try #require(Self.load("  ttl: 20\n  loop_wait: 2\n  retry_timeout: 5s").scenario?.cluster)
        #expect(cluster.timings == PatroniTimings(ttl: 20, loopWait: 2, retryTimeout: 5))
        #expect(cluster.summary == "custom (ttl 20 / loop_wait 2 / retry_timeout 5), async")
        #expect(cluster != .labDefault)
    }

    @Test func aValueEqualToThePresetIsThePreset() throws {
        let cluster = try #require(Self.load("  profile: fast\n  ttl: 10\n  maximum_lag_on_failover: 1MB").scenario?.cluster)
        #expect(cluster == .labDefault && cluster.hashValue == ClusterRequirements.labDefault.hashValue)
        #expect(cluster.timingName == "fast")
    }

    @Test func patronisRuleIsCheckedWithTheLocationOfTtl() throws {
        let result = Self.load("  retry_timeout: 5\n  ttl: 10")
        #expect(result.scenario == nil)
        let message = try #require(result.diagnostics.first).description
        #expect(message.hasPrefix("s.yaml:5:8"), "\(message)")
        #expect(message.contains("loop_wait + 2 × retry_timeout = 1 + 2 × 5 = 11 s exceeds ttl 10 s"), "\(message)")
        #expect(message.contains("the fast preset's other values"), "\(message)")
    }

    @Test func badValuesAreRefusedWithTheirPlace() throws {
        #expect(Self.load("  ttl: 0").diagnostics.first?.message.contains("must be 1…3600 s, found 0") == true)
        #expect(Self.load("  ttl: 1.5s").diagnostics.first?.message.contains("whole seconds") == true)
        #expect(Self.load("  synchronous_mode_strict: true").diagnostics.first?.message.contains("needs `replication: sync`") == true)
        #expect(Self.load("  maximum_lag_on_failover: lots").diagnostics.first?.message.contains("size in bytes") == true)
        let typo = try #require(Self.load("  pgpool_health_check: {period: 2, max_retrys: 1}").diagnostics.first)
        #expect(typo.description.contains("max_retries"), "did-you-mean: \(typo.description)")
    }

    @Test func strictSyncLagLimitAndHealthCheckAreRead() throws {
        let text = "  replication: sync\n  synchronous_mode_strict: true\n  maximum_lag_on_failover: 16MB\n  pgpool_health_check: {period: 2, max_retries: 1}"
        let cluster = try #require(Self.load(text).scenario?.cluster)
        #expect(cluster.strict && cluster.lagLimit == 16 * 1024 * 1024)
        #expect(cluster.healthCheck == PgPoolHealthCheck(period: 2, timeout: 1, retries: 1, retryDelay: 1))
        #expect(cluster.summary.contains("sync strict") && cluster.summary.contains("PgPool-II health check 2/1/1/1 s"))
    }

    @Test func theFailoverModelReadsTheValues() throws {
        func rto(_ cluster: String) throws -> Prediction {
            let text = "version: 1\ntitle: t\ncluster:\n\(cluster)\nmethod:\n  - name: kill\n    fault: kill\n    target: primary\n    service: node\n    signal: SIGKILL\n"
            let scenario = try #require(ScenarioLoader(capabilities: .everything).load(text: text, file: "k.yaml").scenario)
            return try #require(FailoverModel.predict(scenario).prediction(for: "rto.direct"))
        }
        let fast = try rto("  profile: fast")
        let slow = try rto("  ttl: 20")
        #expect(abs((slow.low - fast.low) - 10) < 0.001 && abs((slow.high - fast.high) - 10) < 0.001, "\(fast) → \(slow)")
    }

    @Test func aRunningPatroniConfigKeepsTimingsNoPresetHas() throws {
        let config: [String: Any] = ["ttl": 15, "loop_wait": 2, "retry_timeout": 5, "synchronous_mode": true, "maximum_lag_on_failover": 2048]
        let requirements = try SSHPlatform.requirements(fromPatroniConfig: config)
        #expect(requirements.timings == PatroniTimings(ttl: 15, loopWait: 2, retryTimeout: 5) && requirements.timingName == "custom")
        #expect(requirements.replication == .sync && requirements.lagLimit == 2048)
        #expect(try SSHPlatform.requirements(fromPatroniConfig: ["ttl": 10, "loop_wait": 1, "retry_timeout": 4]) == .labDefault)
    }
}
