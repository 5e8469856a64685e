import Testing
@testable import ChaosKit

@Suite struct AvailabilityTests {
    typealias S = Synthetic

    @Test func rtoDowntimeAndGapAroundAnOutage() {
        // acks 0..990 ms, failures 1000..2990 ms, acks again from 3000 ms; fault at 1000 ms.
        let ops = S.ops(.direct, from: 0, to: 1_000, firstSeq: 1)
            + S.ops(.direct, from: 1_000, to: 3_000, firstSeq: 101, .connectionError)
            + S.ops(.direct, from: 3_000, to: 4_000, firstSeq: 301, node: "10.0.0.2:5432", timeline: 2)
        let result = PathAvailability.evaluate(ops: ops, path: .direct, faultNs: 1_000 * S.ms, windowEndNs: nil)
        #expect(result.acked == 200)
        #expect(result.failed == 200)
        // first ack after the last failure ends at 3002 ms: RTO = 3002 - 1000.
        #expect(result.rtoNs == 2_002 * S.ms)
        // gap from the last ack before (992 ms) to the first after (3002 ms).
        #expect(result.downtimeNs == 2_010 * S.ms)
        #expect(result.maxGapNs == 2_010 * S.ms)
        #expect(result.failureWindow == TimeWindow(startNs: 1_000 * S.ms, endNs: 2_992 * S.ms))
    }

    @Test func noFailureMeansZeroRTO() {
        let ops = S.ops(.pgpool, from: 0, to: 1_000, firstSeq: 1)
        let result = PathAvailability.evaluate(ops: ops, path: .pgpool, faultNs: 500 * S.ms, windowEndNs: nil)
        #expect(result.rtoNs == 0)
        #expect(result.downtimeNs == 0)
        #expect(result.maxGapNs == 10 * S.ms)
    }

    @Test func failuresBeforeTheFaultDoNotCountForRTO() {
        let ops = S.ops(.direct, from: 0, to: 100, firstSeq: 1)
            + [S.op(.direct, 11, at: 100, took: 5, .timeout)]
            + S.ops(.direct, from: 110, to: 1_000, firstSeq: 12)
        let result = PathAvailability.evaluate(ops: ops, path: .direct, faultNs: 500 * S.ms, windowEndNs: nil)
        #expect(result.rtoNs == 0)
        #expect(result.downtimeNs == 20 * S.ms)  // 92 ms → 112 ms still counts as downtime
    }

    @Test func neverRecoveredHasNoRTO() {
        let ops = S.ops(.direct, from: 0, to: 500, firstSeq: 1) + S.ops(.direct, from: 500, to: 1_000, firstSeq: 51, .sqlError)
        let result = PathAvailability.evaluate(ops: ops, path: .direct, faultNs: 500 * S.ms, windowEndNs: nil)
        #expect(result.rtoNs == nil)
        #expect(!result.recovered)
        #expect(result.downtimeNs == (992 - 492) * S.ms)
        let results = MeasurementResults.evaluate(MeasurementHistory(ops: ops, faultNs: 500 * S.ms))
        #expect(results.value(of: "rto.direct") == nil)
        #expect(results.value(of: "writes.failed.direct") == .count(50))
    }

    @Test func faultWindowEndLimitsWhichFailuresCount() {
        let ops = S.ops(.direct, from: 0, to: 500, firstSeq: 1)
            + S.ops(.direct, from: 500, to: 700, firstSeq: 51, .connectionError)
            + S.ops(.direct, from: 700, to: 5_000, firstSeq: 71)
            + S.ops(.direct, from: 5_000, to: 5_100, firstSeq: 501, .connectionError)
            + S.ops(.direct, from: 5_100, to: 6_000, firstSeq: 511)
        let result = PathAvailability.evaluate(ops: ops, path: .direct, faultNs: 500 * S.ms, windowEndNs: 2_000 * S.ms)
        #expect(result.rtoNs == 202 * S.ms)
        #expect(result.downtimeNs == (702 - 492) * S.ms + (5_102 - 4_992) * S.ms)
    }
}
