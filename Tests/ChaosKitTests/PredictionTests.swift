// The failover model: what it predicts for a primary node crash from the settings, what it leaves unmodelled, the
// error of a measurement against a prediction, and that its PgPool-II settings are the lab's.

import Foundation
import Testing
@testable import ChaosKit

@Suite struct PredictionTests {
    static let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    private func scenario(_ name: String) throws -> Scenario {
        let result = ScenarioLoader(capabilities: .everything).load(fileAt: Self.repository.appendingPathComponent("scenarios/\(name).yaml").path)
        return try #require(result.scenario, "\(result.diagnostics)")
    }

    private func scenario(text: String) throws -> Scenario {
        let result = ScenarioLoader(capabilities: .everything).load(text: text, file: "t.yaml")
        return try #require(result.scenario, "\(result.diagnostics)")
    }

    @Test func aPrimaryNodeCrashOnTheFastProfileIsPredictedFromTtlAndLoopWait() throws {
        let set = FailoverModel.predict(try scenario("primary-kill"))
        #expect(set.situation == "primary node crash" && set.unmodelled == nil)
        let key = try #require(set.prediction(for: "layer.leader_key_changed"))
        #expect(key.low == 9 && key.high == 10.5, "ttl 10 − loop_wait 1 … ttl + etcd's 0.5 s lease check")
        let direct = try #require(set.prediction(for: "rto.direct"))
        #expect(direct.low == 9 && abs(direct.high - 11.7) < 1e-9)
        let pgpool = try #require(set.prediction(for: "rto.pgpool"))
        #expect(pgpool.low == 9 && abs(pgpool.high - 13.2) < 1e-9)
        let lost = try #require(set.prediction(for: "rpo.lost"))
        #expect(lost.low == 0 && lost.high == 10, "async, 100 writes/s on 2 paths, 50 ms exposed")
        #expect(set.settings.hasPrefix("ttl 10 s, loop_wait 1 s, retry_timeout 4 s, async"))
    }

    @Test func slowerSettingsAndSynchronousReplicationMoveThePredictions() throws {
        let set = FailoverModel.predict(try scenario(text: """
            title: t
            cluster: {profile: patroni-default, replication: sync}
            workload: {paths: [direct]}
            method: [{fault: kill, target: primary, signal: SIGKILL}]
            """))
        let key = try #require(set.prediction(for: "layer.leader_key_changed"))
        #expect(key.low == 20 && key.high == 30.5, "ttl 30, loop_wait 10")
        #expect(set.prediction(for: "rpo.lost")?.high == 0)
        #expect(set.prediction(for: "rto.pgpool") == nil, "no pgpool writer, no pgpool RTO")
    }

    @Test func faultsTheModelDoesNotCoverSaySo() throws {
        let isolate = FailoverModel.predict(try scenario("primary-isolate"))
        #expect(isolate.predictions.isEmpty && isolate.unmodelled?.contains("the first fault here is") == true)
        let healedEarly = FailoverModel.predict(try scenario(text: """
            title: t
            method: [{fault: partition, groups: [[primary], [replica, etcd]], duration: 5s}]
            """))
        #expect(healedEarly.predictions.isEmpty && healedEarly.unmodelled?.contains("before a replica is surely promoted") == true)
        let postgresOnly = FailoverModel.predict(try scenario(text: """
            title: t
            method: [{fault: kill, target: primary, service: postgres}]
            """))
        #expect(postgresOnly.unmodelled != nil, "Patroni restarts a killed PostgreSQL: no failover to predict")
        let none = FailoverModel.predict(try scenario(text: "title: t\nmethod: [{wait: 5s}]\n"))
        #expect(none.unmodelled == "the method injects no fault")
    }

    /// The worked example of docs/predictions.md: primary-dcs-partition (ttl 10, loop_wait 1, retry_timeout 4,
    /// 50 writes/s on two paths).
    @Test func aZombiePrimaryIsPredictedFromRetryTimeoutAndTheRestCheck() throws {
        let async = FailoverModel.predict(try scenario("primary-dcs-partition"))
        #expect(async.situation == "primary cut off from etcd and the replicas (zombie)")
        func interval(_ set: PredictionSet, _ metric: String) -> [Double]? { set.prediction(for: metric).map { [$0.low, $0.high] } }
        #expect(interval(async, "layer.leader_key_changed") == [9, 10.5])
        #expect(interval(async, "layer.promotion") == [11, 13.5])
        #expect(interval(async, "layer.pgpool_switch") == [11, 14.5])
        #expect(interval(async, "rto.direct") == [11, 13.7])
        #expect(interval(async, "rto.pgpool")?.first == 11 && abs((interval(async, "rto.pgpool")?.last ?? 0) - 15.2) < 1e-9)
        #expect(interval(async, "rpo.lost") == [300, 900], "100 writes/s for 3 … 9 s")
        let sync = FailoverModel.predict(try scenario("primary-dcs-partition-sync"))
        #expect(interval(sync, "rpo.lost") == [0, 2], "one cancelled commit wait per path at most")
    }

    @Test func aMeasurementIsInsideOrOffByItsDistanceToTheInterval() {
        let p = Prediction(metric: "rto.direct", low: 9, high: 11.7, unit: .seconds, derivation: "d")
        #expect(p.error(of: 10) == 0)
        #expect(abs(p.error(of: 16.01) - 4.31) < 1e-9)
        #expect(p.error(of: 8.5) == -0.5)
        let outcome = PredictionOutcome(prediction: p, measured: 16.01, error: p.error(of: 16.01))
        let rows = PredictionComparison.rows([outcome, PredictionOutcome(prediction: p, measured: nil, error: nil)])
        #expect(rows[0] == ["rto.direct", "9–11.7 s", "16.01 s", "+4.31 s", "d"])
        #expect(rows[1][2] == "not measured" && rows[1][3] == "—")
    }

    /// pgpool.conf takes the health check from the cluster's settings; the Compose stack's defaults are the lab's.
    @Test func thePgPoolHealthCheckIsTheOneTheLabConfigures() throws {
        let conf = try String(contentsOf: Self.repository.appendingPathComponent("infra/pgpool/pgpool.conf"), encoding: .utf8)
        let entrypoint = try String(contentsOf: Self.repository.appendingPathComponent("infra/docker/entrypoint.sh"), encoding: .utf8)
        let lab = PgPoolHealthCheck.lab
        for (key, value) in [("health_check_period", lab.period), ("health_check_timeout", lab.timeout),
                             ("health_check_max_retries", Double(lab.retries)), ("health_check_retry_delay", lab.retryDelay)] {
            #expect(conf.contains("\(key) = {{\(key)}}"), "\(key) comes from the settings")
            #expect(entrypoint.contains("\(key.uppercased())=\"${\(key.uppercased()):-\(Int(value))}\""), "Compose default of \(key)")
        }
    }
}
