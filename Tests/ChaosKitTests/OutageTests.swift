// A path's history cut into outages: the fault's own outage sets the RTO once writes have gone on being
// acknowledged for the hold time; an outage that begins later (PgPool-II's failback of the rejoining old
// primary, seen at +26 s on primary-kill) is reported on its own and no longer stretches the RTO.

import Testing
@testable import ChaosKit

@Suite struct OutageTests {
    typealias S = Synthetic

    /// Acks 0–1 s, failures 1–3 s (fault at 1 s), acks again to 30 s, and failures `blip` (start ms, count).
    func history(blipAt blip: Int64?, blipLength: Int64 = 300) -> [OpRecord] {
        var ops = S.ops(.pgpool, from: 0, to: 1_000, firstSeq: 1) + S.ops(.pgpool, from: 1_000, to: 3_000, firstSeq: 101, .sqlError)
        guard let blip else { return ops + S.ops(.pgpool, from: 3_000, to: 30_000, firstSeq: 301) }
        ops += S.ops(.pgpool, from: 3_000, to: blip, firstSeq: 301)
        let afterBlipSeq = 301 + (blip - 3_000) / 10
        ops += S.ops(.pgpool, from: blip, to: blip + blipLength, firstSeq: afterBlipSeq, .connectionError)
        ops += S.ops(.pgpool, from: blip + blipLength, to: 40_000, firstSeq: afterBlipSeq + blipLength / 10)
        return ops
    }

    @Test func aFailbackLongAfterRecoveryIsItsOwnOutageNotPartOfTheRTO() throws {
        let result = PathAvailability.evaluate(ops: history(blipAt: 26_000), path: .pgpool, faultNs: 1_000 * S.ms, windowEndNs: nil)
        #expect(result.rtoNs == 2_002 * S.ms)
        #expect(result.outagesSinceFault.map(\.phase) == [.recovery, .afterRecovery])
        let later = try #require(result.outagesAfterRecovery.first)
        #expect(later.startNs == 26_000 * S.ms && later.failedWrites == 30)
        #expect(later.lengthNs == 302 * S.ms)
        #expect(result.afterRecoveryMaxNs == 302 * S.ms)
        // Downtime still counts every second without acknowledged writes.
        #expect(result.downtimeNs == 2_010 * S.ms + 310 * S.ms)
    }

    @Test func aFailureBeforeTheRecoveryHeldIsPartOfTheFaultsOutage() {
        let result = PathAvailability.evaluate(ops: history(blipAt: 6_000), path: .pgpool, faultNs: 1_000 * S.ms, windowEndNs: nil)
        // 3 s after the first recovery, inside the 5 s hold: the RTO runs to the end of the second run of failures.
        #expect(result.rtoNs == 5_302 * S.ms)
        #expect(result.outagesSinceFault.count == 1 && result.outagesSinceFault.first?.failedWrites == 230)
        #expect(result.outagesAfterRecovery.isEmpty && result.afterRecoveryMaxNs == 0)
        // A shorter hold makes it a separate outage.
        let strict = PathAvailability.evaluate(
            ops: history(blipAt: 6_000), path: .pgpool, faultNs: 1_000 * S.ms, windowEndNs: nil, holdNs: 1_000 * S.ms)
        #expect(strict.rtoNs == 2_002 * S.ms && strict.outagesAfterRecovery.count == 1)
    }

    @Test func aCleanFailoverHasOneOutage() {
        let result = PathAvailability.evaluate(ops: history(blipAt: nil), path: .pgpool, faultNs: 1_000 * S.ms, windowEndNs: nil)
        #expect(result.rtoNs == 2_002 * S.ms)
        #expect(result.outagesSinceFault.count == 1 && result.outagesAfterRecovery.isEmpty)
    }

    @Test func failuresBeforeTheFaultAndAfterTheWindowAreNotTheFaults() {
        let ops = S.ops(.direct, from: 0, to: 100, firstSeq: 1) + [S.op(.direct, 11, at: 100, took: 5, .timeout)]
            + S.ops(.direct, from: 110, to: 20_000, firstSeq: 12) + [S.op(.direct, 5_000, at: 20_000, took: 5, .timeout)]
            + S.ops(.direct, from: 20_010, to: 21_000, firstSeq: 5_001)
        let result = PathAvailability.evaluate(ops: ops, path: .direct, faultNs: 500 * S.ms, windowEndNs: 10_000 * S.ms)
        #expect(result.rtoNs == 0)
        #expect(result.outages?.map(\.phase) == [.beforeFault, .afterRecovery])
    }

    @Test func aPathThatNeverRecoversHasNoRTOAndAnOpenOutage() {
        let ops = S.ops(.direct, from: 0, to: 1_000, firstSeq: 1) + S.ops(.direct, from: 1_000, to: 3_000, firstSeq: 101, .connectionError)
        let result = PathAvailability.evaluate(ops: ops, path: .direct, faultNs: 1_000 * S.ms, windowEndNs: nil)
        #expect(result.rtoNs == nil)
        #expect(result.outagesSinceFault.first?.endNs == nil && result.outagesSinceFault.first?.lengthNs == nil)
    }

    @Test func outageMetricsAreUsableInHypotheses() throws {
        let history = MeasurementHistory(ops: self.history(blipAt: 26_000), faultNs: 1_000 * S.ms)
        let results = MeasurementResults.evaluate(history)
        #expect(results.value(of: "outages.pgpool.count") == .count(2))
        #expect(results.value(of: "outages.pgpool.after_recovery.count") == .count(1))
        #expect(results.value(of: "outages.pgpool.after_recovery.max") == .nanoseconds(302 * S.ms))
        #expect(results.value(of: "rto.pgpool") == .nanoseconds(2_002 * S.ms))
        let loader = ScenarioLoader(capabilities: .everything)
        let yaml = "title: t\nworkload: {recovery_hold: 2s}\nmethod:\n  - wait: 1s\nhypotheses:\n  - outages.pgpool.after_recovery.max < 1s\n  - outages.direct.count <= 1\n"
        let scenario = try #require(loader.load(text: yaml, file: "t.yaml").scenario)
        #expect(scenario.workload.recoveryHold == .seconds(2))
        let evaluator = HypothesisEvaluator { name in results.value(of: name)?.literal }
        #expect(evaluator.evaluate(scenario.hypotheses[0].expression).held)
    }

    @Test func theObserverIsAskedWhatHappenedAroundALaterOutage() throws {
        let events = [SyntheticRun.event(.pgpoolNodeStatusChanged, at: 25_900, member: "pg1", from: "up", to: "down")]
        let results = MeasurementResults.evaluate(MeasurementHistory(ops: history(blipAt: 26_000), events: events, faultNs: 1_000 * S.ms))
        let later = try #require(results.availability(of: .pgpool)?.outagesAfterRecovery.first)
        #expect(later.observed == ["+24.90s pgpoolNodeStatusChanged pg1 up→down"], "\(later.observed)")
        // In a run the texts count from the method's start, like the outage times beside them in the reports.
        let fromStart = MeasurementResults.evaluate(
            MeasurementHistory(ops: history(blipAt: 26_000), events: events, faultNs: 1_000 * S.ms, originNs: 0))
        #expect(fromStart.availability(of: .pgpool)?.outagesAfterRecovery.first?.observed == ["+25.90s pgpoolNodeStatusChanged pg1 up→down"])
    }
}
