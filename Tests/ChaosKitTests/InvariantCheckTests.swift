import Testing
@testable import ChaosKit

@Suite struct InvariantCheckTests {
    typealias S = Synthetic

    @Test func cleanFailoverKeepsOneWriter() {
        let ops = S.ops(.direct, from: 0, to: 1_000, firstSeq: 1, node: "10.0.0.1:5432", timeline: 1)
            + S.ops(.direct, from: 4_000, to: 5_000, firstSeq: 101, node: "10.0.0.2:5432", timeline: 2)
        #expect(InvariantChecks.singleWriter(ops: ops).holds)
        #expect(InvariantChecks.timelineMonotonic(ops: ops, events: S.failoverEvents()).holds)
    }

    @Test func oldPrimaryAckingAfterTheNewOneIsASecondWriter() {
        // pgpool reaches the new primary (timeline 2) from 3 s while direct still writes to the old one until 5 s.
        let ops = S.ops(.direct, from: 0, to: 5_000, firstSeq: 1, node: "10.0.0.1:5432", timeline: 1)
            + S.ops(.pgpool, from: 3_000, to: 6_000, firstSeq: 1, node: "10.0.0.2:5432", timeline: 2)
        let verdict = InvariantChecks.singleWriter(ops: ops)
        #expect(!verdict.holds)
        #expect(verdict.violationCount > 100)
        #expect(verdict.violations.count == InvariantVerdict.limit)
        #expect(verdict.violations[0].contains("timeline 1"))
    }

    @Test func twoNodesOnTheSameTimelineAreTwoWriters() {
        let ops = S.ops(.direct, from: 0, to: 100, firstSeq: 1, node: "10.0.0.1:5432", timeline: 2)
            + S.ops(.pgpool, from: 0, to: 100, firstSeq: 1, node: "10.0.0.3:5432", timeline: 2)
        let verdict = InvariantChecks.singleWriter(ops: ops)
        #expect(!verdict.holds)
        #expect(verdict.violations.contains { $0.contains("timeline 2 acknowledged writes on 2 nodes") })
    }

    @Test func interleavedNodesWithoutTimelinesAreTwoWriters() {
        var ops: [OpRecord] = []
        for index in 0..<8 {
            let node = index % 2 == 0 ? "a:1" : "b:1"
            let start = Int64(index) * 10
            ops.append(S.op(.direct, Int64(index + 1), at: start, node: node, timeline: nil))
        }
        #expect(!InvariantChecks.singleWriter(ops: ops).holds)
    }

    @Test func timelineRegressionIsDetected() {
        var events = S.failoverEvents()
        events.append(S.event(.timelineChanged, at: 9_000, member: "pg2", from: "2", to: "1"))
        let verdict = InvariantChecks.timelineMonotonic(ops: [], events: events)
        #expect(!verdict.holds)
        #expect(verdict.violations == ["pg2 went from timeline 2 back to 1 at 9.000s"])
    }

    @Test func ackOnOlderTimelineAfterNewerIsARegression() {
        let ops = [
            S.op(.direct, 1, at: 0, node: "10.0.0.2:5432", timeline: 2),
            S.op(.direct, 2, at: 10, node: "10.0.0.2:5432", timeline: 1),
        ]
        #expect(!InvariantChecks.timelineMonotonic(ops: ops, events: []).holds)
    }

    @Test func oldPrimaryRejoinsWithinTheBound() {
        let (verdict, rejoinNs) = InvariantChecks.oldPrimaryRejoined(
            events: S.failoverEvents(), faultNs: 1_000 * S.ms, boundNs: 30_000 * S.ms)
        #expect(verdict.holds)
        #expect(verdict.violations.isEmpty && verdict.note?.contains("pg1 rejoined") == true)
        #expect(rejoinNs == 7_000 * S.ms)
        let (late, _) = InvariantChecks.oldPrimaryRejoined(events: S.failoverEvents(), faultNs: 1_000 * S.ms, boundNs: 5_000 * S.ms)
        #expect(!late.holds)
    }

    @Test func oldPrimaryThatNeverRejoinsFails() {
        let events = S.failoverEvents().filter { $0.timeNs < 6_000 * S.ms }
        let (verdict, rejoinNs) = InvariantChecks.oldPrimaryRejoined(events: events, faultNs: 1_000 * S.ms, boundNs: 30_000 * S.ms)
        #expect(!verdict.holds)
        #expect(rejoinNs == nil)
    }

    @Test func pgpoolAckOnADemotedNodeIsDetected() {
        let good = S.ops(.pgpool, from: 0, to: 1_000, firstSeq: 1, node: "10.0.0.1:5432")
            + S.ops(.pgpool, from: 4_600, to: 5_000, firstSeq: 101, node: "10.0.0.2:5432", timeline: 2)
        let history = MeasurementHistory(ops: good, events: S.failoverEvents(), faultNs: 1_000 * S.ms, memberAddresses: S.addresses)
        #expect(InvariantChecks.pgpoolNoDemotedWrite(history: history).holds)

        var bad = history
        bad.ops.append(S.op(.pgpool, 200, at: 4_000, node: "10.0.0.1:5432", timeline: 1))
        let verdict = InvariantChecks.pgpoolNoDemotedWrite(history: bad)
        #expect(!verdict.holds)
        #expect(verdict.violations.first?.contains("pg2 was seen promoted") == true)
    }

    @Test func ackJustBeforeThePromotionWasObservedIsNotBlamed() {
        // pg2 promoted at 3.5 s (previous poll 3.4 s): an ack on pg2 at 3.45 s is consistent.
        let ops = [S.op(.pgpool, 1, at: 3_450, node: "10.0.0.2:5432", timeline: 2)]
        let history = MeasurementHistory(ops: ops, events: S.failoverEvents(), faultNs: 1_000 * S.ms, memberAddresses: S.addresses)
        #expect(InvariantChecks.pgpoolNoDemotedWrite(history: history).holds)
    }
}
