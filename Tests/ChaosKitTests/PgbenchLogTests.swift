// pgbench's per-transaction log and the statistics of a cell, on output recorded from this machine's pgbench 15.

import Foundation
import Testing
@testable import ChaosKit

@Suite struct PgbenchLogTests {
    func recorded(_ name: String) throws -> String {
        let url = try #require(Bundle.module.url(forResource: "Pgbench/\(name)", withExtension: nil))
        return try String(contentsOf: url, encoding: .utf8)
    }

    @Test func aRecordedLogParsesWhole() throws {
        let text = try recorded("tpcb-like-c2.log")
        let transactions = try PgbenchLog.parse(text)
        let lines = text.split(separator: "\n").count
        #expect(transactions.count == lines)
        #expect(transactions.allSatisfy { ($0.latencyUs ?? 0) > 0 && !$0.failed })
        #expect(transactions.map(\.completedUs).min()! > 1_700_000_000_000_000)
    }

    @Test func failedAndSkippedTransactionsAreCountedApart() throws {
        let text = """
            0 1 1200 0 1700000000 100000
            1 1 failed 0 1700000000 200000
            0 2 skipped 0 1700000000 300000
            1 2 serialization 0 1700000000 400000

            """
        let transactions = try PgbenchLog.parse(text)
        #expect(transactions.count == 3)
        #expect(transactions.filter(\.failed).count == 2)
        #expect(transactions[0].latencyUs == 1200 && transactions[0].completedUs == 1_700_000_000_100_000)
    }

    @Test func aLastLineCutShortByASignalIsDropped() throws {
        // pgbench killed mid-write: its buffered log ends inside a line, without the newline.
        let transactions = try PgbenchLog.parse("0 1 1200 0 1700000000 100000\n2 29")
        #expect(transactions.count == 1)
    }

    @Test func aLineThatIsNotARecordIsRefusedWithItsNumber() {
        #expect(throws: PgbenchLog.MalformedLine.self) { try PgbenchLog.parse("0 1 1200 0 1700000000 1\nnot a record\n") }
        do { _ = try PgbenchLog.parse("0 1 12 0 1700000000 1\n0 1 x 0 1700000000 2\n") } catch { #expect(error.line == 2) }
    }

    @Test func reportedTpsIsReadFromPgbenchsOutput() throws {
        #expect(PgbenchLog.reportedTps(in: try recorded("tpcb-like-c2.out")) != nil)
        #expect(PgbenchLog.reportedTps(in: "tps = 812.345678 (without initial connection time)\n") == 812.345678)
        #expect(PgbenchLog.reportedTps(in: "no summary") == nil)
    }

    @Test func statisticsCountOnlyTheWindowAndUseNearestRankPercentiles() {
        // 100 transactions in the window, latencies 1…100 ms, one per 10 ms over 1 s; one before and one after.
        let start: Int64 = 1_700_000_000_000_000
        var transactions = (1...100).map { i in
            PgbenchTransaction(completedUs: start + Int64(i - 1) * 10_000, latencyUs: Int64(i) * 1000, failed: false)
        }
        transactions.append(PgbenchTransaction(completedUs: start - 1, latencyUs: 999_000, failed: false))
        transactions.append(PgbenchTransaction(completedUs: start + 2_000_000, latencyUs: 999_000, failed: false))
        transactions.append(PgbenchTransaction(completedUs: start + 1_500_000, latencyUs: nil, failed: true))
        let measurement = BenchStatistics.measure(transactions, startUs: start, durationSeconds: 2)
        #expect(measurement.transactions == 100 && measurement.failed == 1)
        #expect(measurement.tps == 50)
        #expect(measurement.latencyMs == LatencyPercentiles(p50: 50, p95: 95, p99: 99, max: 100))
        #expect(measurement.perSecond.map(\.transactions) == [100, 0])
        #expect(measurement.perSecond.map(\.failed) == [0, 1])
        #expect(measurement.perSecond[0].p99Ms == 99)
    }

    @Test func aRecordedRunMeasuresSanely() throws {
        let transactions = try PgbenchLog.parse(try recorded("tpcb-like-c2.log"))
        let first = transactions.map { $0.completedUs - ($0.latencyUs ?? 0) }.min()!
        let measurement = BenchStatistics.measure(transactions, startUs: first + 1_000_000, durationSeconds: 2)
        #expect(measurement.tps > 0)
        let latency = measurement.latencyMs
        #expect(latency.p50 > 0 && latency.p50 <= latency.p95 && latency.p95 <= latency.p99 && latency.p99 <= latency.max)
        #expect(measurement.perSecond.count == 2 && measurement.perSecond.allSatisfy { $0.transactions > 0 })
    }
}
