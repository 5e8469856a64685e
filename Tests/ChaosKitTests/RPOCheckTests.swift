import Testing
@testable import ChaosKit

@Suite struct RPOCheckTests {
    typealias S = Synthetic

    @Test func plantedLostAmbiguousAndDuplicatedWritesAreClassified() {
        let ops = [
            S.op(.direct, 1, at: 0),
            S.op(.direct, 2, at: 10, lsn: 0x100),  // acked, absent → lost
            S.op(.direct, 3, at: 20, took: 2_000, .timeout),  // failed, present → ambiguous
            S.op(.direct, 4, at: 2_030, .connectionError),  // failed, absent → fine
            S.op(.pgpool, 1, at: 0),  // acked, twice → duplicated
            S.op(.pgpool, 2, at: 10, lsn: 0x200),  // acked, absent → lost
        ]
        let rows = RowCounts(copies: [
            WriteKey(path: .direct, seq: 1): 1, WriteKey(path: .direct, seq: 3): 1, WriteKey(path: .pgpool, seq: 1): 2,
            WriteKey(path: .pgpool, seq: 99): 1,
        ])
        let rpo = RPOResult.evaluate(ops: ops, readBack: rows, timelineHistory: nil)
        #expect(rpo.lost.map(\.key) == [WriteKey(path: .direct, seq: 2), WriteKey(path: .pgpool, seq: 2)])
        #expect(rpo.ambiguous.map(\.key) == [WriteKey(path: .direct, seq: 3)])
        #expect(rpo.ambiguous.first?.outcome == .timeout)
        #expect(rpo.duplicated.map(\.key) == [WriteKey(path: .pgpool, seq: 1)])
        #expect(rpo.duplicated.first?.copies == 2)
        #expect(rpo.unexpected == [WriteKey(path: .pgpool, seq: 99)])
        #expect(rpo.lostWindow == TimeWindow(startNs: 10 * S.ms, endNs: 12 * S.ms))
        #expect(rpo.walBytesLost == nil)  // lost writes, but no timeline history

        let results = MeasurementResults.evaluate(MeasurementHistory(ops: ops, readBack: rows))
        #expect(results.value(of: "rpo.lost") == .count(2))
        #expect(results.value(of: "rpo.ambiguous") == .count(1))
        #expect(results.value(of: "rpo.duplicated") == .count(1))
    }

    @Test func walBytesLostFromTheTimelineSwitch() {
        let ops = [
            S.op(.direct, 1, at: 0, timeline: 1, lsn: 0x1000),
            S.op(.direct, 2, at: 10, timeline: 1, lsn: 0x1800),  // lost
            S.op(.direct, 3, at: 20, timeline: 1, lsn: 0x2000),  // lost
        ]
        let rows = RowCounts(copies: [WriteKey(path: .direct, seq: 1): 1])
        let history = [TimelineSwitch(timeline: 1, switchPosition: WALPosition(0x1200))]
        let rpo = RPOResult.evaluate(ops: ops, readBack: rows, timelineHistory: history)
        #expect(rpo.lost.count == 2)
        #expect(rpo.walBytesLost == 0x2000 - 0x1200)
    }

    @Test func nothingLostMeansZeroWalBytes() {
        let ops = [S.op(.direct, 1, at: 0)]
        let rpo = RPOResult.evaluate(ops: ops, readBack: RowCounts(copies: [WriteKey(path: .direct, seq: 1): 1]), timelineHistory: nil)
        #expect(rpo.lost.isEmpty && rpo.ambiguous.isEmpty && rpo.duplicated.isEmpty)
        #expect(rpo.walBytesLost == 0)
    }

    @Test func rpoMetricsAreUnknownWithoutReadBack() {
        let results = MeasurementResults.evaluate(MeasurementHistory(ops: [S.op(.direct, 1, at: 0)]))
        #expect(results.value(of: "rpo.lost") == nil)
    }
}
