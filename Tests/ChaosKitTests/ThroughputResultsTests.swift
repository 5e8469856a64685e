// Throughput through a fault: the pre-fault median, the recovery rule (≥ 90 % for 3 s) and the p99 window.

import Testing
@testable import ChaosKit

@Suite struct ThroughputResultsTests {
    let second: Int64 = 1_000_000_000

    /// `rates[i]` transactions spread evenly over second i (since origin 0), each with `latency(i)` ms.
    func load(_ rates: [Int], latencyMs: (Int) -> Int64 = { _ in 5 }) -> [LoadTransaction] {
        rates.enumerated().flatMap { index, rate in
            (0..<rate).map { k in
                LoadTransaction(completedNs: Int64(index) * second + Int64(k) * (second / Int64(max(rate, 1))),
                                latencyNs: latencyMs(index) * 1_000_000, failed: false)
            }
        }
    }

    func evaluate(_ transactions: [LoadTransaction], faultAt: Int64?, faultEnd: Int64? = nil, seconds: Int) -> ThroughputResults {
        ThroughputResults.evaluate(
            load: PgbenchLoadSpec(), transactions: transactions, originNs: 0, faultNs: faultAt, faultEndNs: faultEnd,
            startNs: -1, endNs: Int64(seconds) * second, launches: 2, abortedClients: 8)
    }

    @Test func recoveryIsTheStartOfTheFirstStableSecondAtNinetyPercent() throws {
        // 100 tps for 5 s, the fault at 5.5 s, nothing for 4 s, 60 for 1 s, then 95 for 5 s: the mean over
        // 3 s first reaches 90 from second 11 on ((60+95+95)/3 = 83 from second 10 does not).
        let rates = [100, 100, 100, 100, 100, 50, 0, 0, 0, 0, 60, 95, 95, 95, 95, 95]
        let results = evaluate(load(rates), faultAt: 5 * second + second / 2, seconds: rates.count)
        #expect(results.preFaultMedianTps == 100)
        // Second 11 starts the first 3 seconds whose mean is ≥ 90: 11 s − 5.5 s.
        #expect(results.recoveryNs == 11 * second - (5 * second + second / 2))
        #expect(results.seconds.first?.second == 0 && results.seconds.last?.second == 15)
        #expect(results.launches == 2 && results.abortedClients == 8)
    }

    @Test func aLoadThatNeverDropsRecoversAtOnceAndOneThatNeverComesBackDoesNot() {
        let steady = evaluate(load(Array(repeating: 100, count: 10)), faultAt: 4 * second, seconds: 10)
        #expect(steady.recoveryNs == 0)
        let gone = evaluate(load([100, 100, 100, 100, 0, 0, 0, 0, 0, 0]), faultAt: 4 * second, seconds: 10)
        #expect(gone.recoveryNs == nil && gone.preFaultMedianTps == 100)
        let noFault = evaluate(load([100, 100, 100]), faultAt: nil, seconds: 3)
        #expect(noFault.recoveryNs == nil && noFault.preFaultMedianTps == nil && noFault.faultP99Ns == nil)
        // Back only in the last second of the run: fewer than 3 seconds remain, so not recovered within the run.
        let late = evaluate(load([100, 100, 100, 100, 0, 0, 0, 0, 0, 100]), faultAt: 4 * second, seconds: 10)
        #expect(late.recoveryNs == nil)
    }

    @Test func aDropThatComesSecondsAfterTheFaultIsFound() {
        // A Patroni kill: full throughput for 3 s after the fault (the leader key has not expired yet), then 3 s
        // of nothing. Recovery is the start of second 9, the first window back at 90 %: 9 s − 2 s.
        let rates = [100, 100, 100, 100, 100, 0, 0, 0, 50, 100, 100, 100, 100]
        let results = evaluate(load(rates), faultAt: 2 * second, seconds: rates.count)
        #expect(results.recoveryNs == 7 * second)
    }

    @Test func faultP99CoversTheFaultUntilRecovery() throws {
        // Latency 5 ms before the fault and after recovery, 200 ms in the seconds of the degraded window.
        let rates = [100, 100, 100, 100, 100, 100, 100, 100, 100, 100]
        let results = evaluate(load(rates, latencyMs: { $0 == 4 ? 200 : 5 }), faultAt: 4 * second, seconds: rates.count)
        // No drop in TPS: recovery 0, so the window is the 3 s that showed it, seconds 4-6: 300 transactions, 100
        // of them at 200 ms — more than the top 1 %.
        #expect(results.recoveryNs == 0)
        #expect(results.faultP99Ns == 200_000_000)
        #expect(results.faultTransactions == 300)
    }

    @Test func theCSVHasOneRowPerSecond() {
        let results = evaluate(load([10, 20, 30]), faultAt: nil, seconds: 3)
        let lines = results.csv.split(separator: "\n")
        #expect(lines.first == "second,tps,failed,latency_p50_ms,latency_p99_ms")
        #expect(lines.count == 1 + results.seconds.count)
        #expect(lines.dropFirst().first?.hasPrefix("0,10,0,") == true)
    }
}
