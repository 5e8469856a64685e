// The readers' checks on synthetic histories: a stale read is one that missed a write acknowledged before it
// began, by how many writes and for how long; a read that sees less than an earlier one broke monotonic reads;
// read availability follows the writes' outage rules.

import Testing
@testable import ChaosKit

@Suite struct ReadResultsTests {
    typealias S = Synthetic

    /// direct writes every 10 ms from 0 to 1 s, each acknowledged 2 ms after it started: seq n is acked at (n−1)·10 + 2 ms.
    let writes = S.ops(.direct, from: 0, to: 1_000, firstSeq: 1)

    func read(_ path: ReadPath, _ seq: Int64, at ms: Int64, saw seen: Int64?, _ outcome: OpOutcome = .ok, standby: Bool = true) -> ReadRecord {
        ReadRecord(
            path: path, seq: seq, startNs: ms * S.ms, endNs: (ms + 1) * S.ms, outcome: outcome, node: outcome == .ok ? "10.0.0.2:5432" : nil,
            fromStandby: outcome == .ok ? standby : nil, seenSeq: outcome == .ok ? seen : nil)
    }

    /// What a read at `ms` sees when it is up to date: every write acknowledged before it began.
    func fresh(at ms: Int64) -> Int64 { ms < 2 ? 0 : (ms - 2) / 10 + 1 }

    @Test func upToDateReadsAreNeitherStaleNorBackwards() {
        let reads = stride(from: Int64(5), to: 1_000, by: 20).enumerated().map { read(.replica, Int64($0.offset) + 1, at: $0.element, saw: fresh(at: $0.element)) }
        let results = ReadResults.evaluate(reads: reads, writes: writes, sourcePath: .direct, faultNs: nil, windowEndNs: nil, holdNs: 100 * S.ms)
        let replica = results.path(.replica)
        #expect(replica?.ok == reads.count && replica?.stale == 0 && replica?.monotonicViolations == 0)
        #expect(replica?.fromStandby == reads.count && replica?.nodes == ["10.0.0.2:5432": reads.count])
        #expect(results.staleCount == 0 && results.staleMaxNs == 0 && results.examples.isEmpty)
    }

    @Test func aReplicaThatStopsReplayingServesStaleReadsCountedInWritesAndTime() throws {
        // Replay stops after seq 50 (acked at 492 ms): every later read sees 50.
        let reads = stride(from: Int64(5), to: 1_000, by: 20).enumerated().map { index, ms in
            read(.pgpool, Int64(index) + 1, at: ms, saw: min(50, fresh(at: ms)))
        }
        let results = ReadResults.evaluate(reads: reads, writes: writes, sourcePath: .direct, faultNs: nil, windowEndNs: nil, holdNs: 100 * S.ms)
        let pgpool = try #require(results.path(.pgpool))
        // Reads from 505 ms on miss at least seq 51 (acked at 502 ms): 25 of them.
        #expect(pgpool.stale == 25)
        // The last read, at 985 ms: acked before it are seqs 1…99, so 49 behind, and seq 51 was acked 483 ms earlier.
        #expect(pgpool.writesBehindMax == 49)
        #expect(pgpool.staleMaxNs == 483 * S.ms)
        #expect(pgpool.monotonicViolations == 0)
        let first = try #require(results.examples.first)
        #expect(first.startNs == 505 * S.ms && first.seenSeq == 50 && first.expectedSeq == 51 && first.writesBehind == 1 && first.stalenessNs == 3 * S.ms)
        #expect(results.examples.count == ReadResults.examplesKept + 1)
        #expect(results.examples.last?.stalenessNs == 483 * S.ms)
    }

    @Test func aReadThatSeesLessThanAnEarlierOneBreaksMonotonicReads() {
        let reads = [
            read(.pgpool, 1, at: 300, saw: fresh(at: 300)),
            read(.pgpool, 2, at: 320, saw: 20),  // another backend, far behind
            read(.pgpool, 3, at: 340, saw: fresh(at: 340)),
        ]
        let results = ReadResults.evaluate(reads: reads, writes: writes, sourcePath: .direct, faultNs: nil, windowEndNs: nil, holdNs: 100 * S.ms)
        #expect(results.monotonicViolations == 1)
        #expect(results.staleCount == 1)
        #expect(results.writesBehindMax == 12)
    }

    @Test func readAvailabilityFollowsTheWritesOutageRules() throws {
        var reads: [ReadRecord] = []
        for (index, ms) in stride(from: Int64(0), to: 1_000, by: 10).enumerated() {
            let failing = ms >= 300 && ms < 600
            reads.append(read(.replica, Int64(index) + 1, at: ms, saw: failing ? nil : fresh(at: ms), failing ? .connectionError : .ok))
        }
        let results = ReadResults.evaluate(reads: reads, writes: writes, sourcePath: .direct, faultNs: 300 * S.ms, windowEndNs: nil, holdNs: 100 * S.ms)
        let replica = try #require(results.path(.replica))
        // The first answered read after the outage starts at 600 ms and ends at 601 ms.
        #expect(replica.rtoNs == 301 * S.ms)
        #expect(replica.failed == 30 && replica.ok == 70)
        #expect(replica.downtimeNs == 310 * S.ms)
        let measured = MeasurementResults.evaluate(
            MeasurementHistory(ops: writes, faultNs: 300 * S.ms, recoveryHoldNs: 100 * S.ms).withReads(reads))
        #expect(measured.value(of: "reads.rto.replica") == .nanoseconds(301 * S.ms))
        #expect(measured.value(of: "reads.failed.replica") == .count(30))
        #expect(measured.value(of: "reads.rto.pgpool") == nil)
        #expect(measured.value(of: "reads.stale.count") == .count(0))
        #expect(measured.value(of: "rto.direct") == .nanoseconds(0))
    }

    @Test func aRunWithoutReadersHasNoReadFigures() {
        let measured = MeasurementResults.evaluate(MeasurementHistory(ops: writes))
        #expect(measured.reads == nil)
        #expect(measured.value(of: "reads.stale.count") == nil)
    }

    @Test func readsCSVHasOneLinePerAttempt() {
        let csv = ReadLog.csv([read(.pgpool, 1, at: 5, saw: 0), read(.replica, 1, at: 7, saw: nil, .timeout)])
        let lines = csv.split(separator: "\n")
        #expect(lines.first == Substring(ReadLog.csvHeader))
        #expect(lines[1] == "pgpool,1,5000000,6000000,ok,,10.0.0.2:5432,true,0,")
        #expect(lines[2] == "replica,1,7000000,8000000,timeout,,,,,")
    }
}

extension MeasurementHistory {
    func withReads(_ reads: [ReadRecord]) -> MeasurementHistory {
        var copy = self
        copy.reads = reads
        return copy
    }
}
