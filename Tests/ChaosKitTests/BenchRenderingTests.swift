// The bench's aggregate, CSV files, summary.md, report.html and comparison, on a small synthetic bench.

import Foundation
import Testing
@testable import ChaosKit

#if canImport(FoundationXML)
import FoundationXML
#endif

/// A synthetic bench: targets single and direct, mode tpcb-like, 2 repetitions, 3 measured seconds per cell.
enum BenchFixture {
    /// One cell's figures.
    struct Figures {
        var tps: Double
        var p50: Double
        var p99: Double
        var failed = 0
    }

    static let errorText = "pgbench: error: connection to server failed, \"direct\" <down>"

    /// Baseline figures: single c=1 100/120 TPS, direct c=1 80/90, single c=4 400/360, direct c=4 300 then an error.
    static func baselineFigures(_ cell: BenchCell) -> Figures? {
        switch (cell.target, cell.clients, cell.repetition) {
        case (.single, 1, 1): return Figures(tps: 100, p50: 1.0, p99: 3.0)
        case (.single, 1, 2): return Figures(tps: 120, p50: 1.2, p99: 5.0)
        case (.direct, 1, 1): return Figures(tps: 80, p50: 1.5, p99: 4.0)
        case (.direct, 1, 2): return Figures(tps: 90, p50: 1.7, p99: 6.0, failed: 2)
        case (.single, 4, 1): return Figures(tps: 400, p50: 2.0, p99: 8.0)
        case (.single, 4, 2): return Figures(tps: 360, p50: 2.4, p99: 9.0)
        case (.direct, 4, 1): return Figures(tps: 300, p50: 3.0, p99: 12.0)
        default: return nil
        }
    }

    /// Candidate figures: single c=1 twice as fast with a 1.5× p99, the rest as the baseline, and c=16 measured
    /// for direct only (single c=16 errors both times).
    static func candidateFigures(_ cell: BenchCell) -> Figures? {
        switch (cell.target, cell.clients, cell.repetition) {
        case (.single, 1, 1): return Figures(tps: 200, p50: 0.8, p99: 4.5)
        case (.single, 1, 2): return Figures(tps: 240, p50: 0.9, p99: 7.5)
        case (.direct, 16, _): return Figures(tps: 500, p50: 9.0, p99: 30.0)
        case (.single, 16, _): return nil
        default: return baselineFigures(cell)
        }
    }

    static func measurement(_ figures: Figures) -> BenchMeasurement {
        let seconds = (0..<3).map { second in
            BenchSecond(
                second: second, transactions: Int(figures.tps) + second, failed: second == 1 ? figures.failed : 0, p50Ms: figures.p50,
                p99Ms: figures.p99)
        }
        return BenchMeasurement(
            transactions: Int(figures.tps) * 3, failed: figures.failed, tps: figures.tps,
            latencyMs: LatencyPercentiles(p50: figures.p50, p95: (figures.p50 + figures.p99) / 2, p99: figures.p99, max: figures.p99 * 2),
            perSecond: seconds)
    }

    static func record(
        title: String = "Overhead <b>bench</b>", id: String = "bench-a", clients: [Int] = [1, 4],
        figures: (BenchCell) -> Figures? = BenchFixture.baselineFigures
    ) -> BenchRecord {
        let definition = BenchDefinition(
            name: "overhead", title: title, targets: [.single, .direct], modes: [.tpcbLike], clients: clients, durationSeconds: 3,
            warmupSeconds: 1, repetitions: 2, scale: 10)
        let environment = BenchEnvironment(
            cores: 2, loadAverageAtStart: [0.5, 0.4, 0.3], loadAverageAtEnd: [1.9, 1.0, 0.6], memoryBytes: 8 * 1_073_741_824,
            pgbenchVersion: "pgbench (PostgreSQL) 15.8", serverVersion: "15.8", kernel: "6.1.0-18-amd64", chaosVersion: "0.1.0",
            platform: "docker")
        var results: [BenchCellResult] = []
        for (index, cell) in definition.cells.enumerated() {
            let cellFigures = figures(cell)
            results.append(
                BenchCellResult(
                    cell: cell, measurement: cellFigures.map(measurement), error: cellFigures == nil ? errorText : nil,
                    pgbenchReportedTps: cellFigures?.tps, command: ["pgbench", "-c", String(cell.clients)],
                    startedAtSeconds: Double(index) * 5, elapsedSeconds: 4.5))
        }
        return BenchRecord(
            benchID: id, definition: definition, environment: environment, startedAt: "2025-01-01T10:00:00Z",
            finishedAt: "2025-01-01T10:01:00Z", cells: results, notes: ["pgbench -i -s 10 took 4.2 s"])
    }
}

@Suite struct BenchRenderingTests {
    typealias Key = BenchAggregate.Key

    private func close(_ value: Double?, _ expected: Double) -> Bool {
        guard let value else { return false }
        return abs(value - expected) < 1e-9
    }

    private func nodes(_ xpath: String, in html: String) throws -> [XMLNode] {
        let document = try XMLDocument(xmlString: html, options: [])
        return try document.nodes(forXPath: xpath)
    }

    // MARK: aggregate

    @Test func aggregateTakesMediansOverRepetitions() throws {
        let aggregate = BenchAggregate(BenchFixture.record())
        #expect(aggregate.groups.map(\.key.label) == ["single tpcb-like c=1", "direct tpcb-like c=1", "single tpcb-like c=4", "direct tpcb-like c=4"])
        let single = try #require(aggregate.group(Key(target: .single, mode: .tpcbLike, clients: 1)))
        #expect(single.repetitions == 2 && single.errored == 0)
        #expect(close(single.medianTps, 110))
        #expect(single.minTps == 100 && single.maxTps == 120)
        #expect(close(single.latencyMs.p50, 1.1))
        #expect(close(single.latencyMs.p95, 2.55))
        #expect(close(single.latencyMs.p99, 4.0))
        #expect(close(single.latencyMs.max, 8.0))
        let direct = try #require(aggregate.group(Key(target: .direct, mode: .tpcbLike, clients: 1)))
        #expect(close(direct.medianTps, 85))
        #expect(direct.failed == 2)
        #expect(close(direct.overhead(against: .single), 85.0 / 110.0))
        #expect(close(single.overhead(), 1))
        #expect(direct.overhead(against: .pgpool) == nil)
        let errored = try #require(aggregate.group(Key(target: .direct, mode: .tpcbLike, clients: 4)))
        #expect(errored.repetitions == 1 && errored.errored == 1)
        #expect(close(errored.medianTps, 300))
        #expect(close(aggregate.overhead(of: errored.key), 300.0 / 380.0))
        #expect(aggregate.unmeasured.isEmpty)
    }

    @Test func medianOfAnOddCountIsTheMiddleValue() {
        #expect(BenchAggregate.median([5, 1, 3]) == 3)
        #expect(BenchAggregate.median([4, 1, 3, 2]) == 2.5)
    }

    @Test func aGroupWhoseEveryRepetitionErroredIsUnmeasured() {
        let aggregate = BenchAggregate(BenchFixture.record(id: "bench-b", clients: [1, 4, 16], figures: BenchFixture.candidateFigures))
        #expect(aggregate.unmeasured == [Key(target: .single, mode: .tpcbLike, clients: 16)])
        let direct16 = aggregate.group(Key(target: .direct, mode: .tpcbLike, clients: 16))
        #expect(direct16 != nil && direct16?.overhead() == nil)
    }

    // MARK: CSV

    @Test func resultsCSVHasOneRowPerCellAndEmptyNumbersForAnError() throws {
        let csv = BenchCSV.results(BenchFixture.record())
        #expect(csv.hasPrefix(
            "target,mode,clients,repetition,tps,latency_p50_ms,latency_p95_ms,latency_p99_ms,latency_max_ms,transactions,failed,error\n"))
        let table = CSVTable(parsing: csv)
        #expect(table.rows.count == 8)
        let first = try #require(table.rows.first)
        #expect(first == ["single", "tpcb-like", "1", "1", "100.00", "1.000", "2.000", "3.000", "6.000", "300", "0", ""])
        let errored = try #require(table.rows.first { table.value("target", in: $0) == "direct" && table.value("clients", in: $0) == "4" && table.value("repetition", in: $0) == "2" })
        for column in ["tps", "latency_p50_ms", "latency_p95_ms", "latency_p99_ms", "latency_max_ms", "transactions", "failed"] {
            #expect(table.value(column, in: errored) == nil, "\(column) should be empty")
        }
        #expect(table.value("error", in: errored) == BenchFixture.errorText)
    }

    @Test func timeseriesCSVHasOneRowPerMeasuredSecond() {
        let csv = BenchCSV.timeseries(BenchFixture.record())
        let lines = csv.split(separator: "\n")
        #expect(lines.first == "target,mode,clients,repetition,second,tps,failed,latency_p50_ms,latency_p99_ms")
        // 7 measured cells × 3 seconds.
        #expect(lines.count == 1 + 21)
        #expect(lines.contains("direct,tpcb-like,1,2,1,91,2,1.700,6.000"))
    }

    // MARK: summary.md

    @Test func summaryShowsTheRatioAndTheError() {
        let summary = BenchSummaryRenderer.render(BenchFixture.record())
        #expect(summary.contains("| 1 | direct | 85.0 (80.0–90.0) | 1.60 | 3.30 | 5.00 | 2 | 0.77× | 2 |"))
        #expect(summary.contains("| 4 | direct | 300.0 | 3.00 | 7.50 | 12.00 | 0 | 0.79× | 1 (+1 errored) |"))
        #expect(summary.contains("`direct tpcb-like c=4 #2`: \(BenchFixture.errorText)"))
        #expect(summary.contains("pgbench -i -s 10 took 4.2 s"))
        #expect(!summary.contains("interrupted"))
        var interrupted = BenchFixture.record()
        interrupted.interrupted = true
        #expect(BenchSummaryRenderer.render(interrupted).contains("The bench was interrupted (Ctrl-C) after 8 of 8 planned cells"))
    }

    // MARK: report.html

    @Test func reportHasOneChartPerModeKindAndClientCount() throws {
        let html = BenchReportRenderer.render(BenchFixture.record())
        // TPS and latency for the one mode, and a strip chart for each of the two client counts.
        #expect(html.components(separatedBy: "<svg").count - 1 == 4)
        let charts = try nodes("//*[@role='img']", in: html)
        #expect(charts.count == 4)
        #expect(charts.allSatisfy { (($0 as? XMLElement)?.attribute(forName: "aria-label")?.stringValue ?? "").isEmpty == false })
        #expect(try nodes("//*[@class='chart bench-strips']/*[@data-target]", in: html).count == 4)
        #expect(try nodes("//*[@class='chart bench-tps']//*[@class='point']", in: html).count == 4)
        #expect(!html.lowercased().contains("<script"))
    }

    @Test func reportEscapesTextAndShowsTheErroredCell() throws {
        let html = BenchReportRenderer.render(BenchFixture.record())
        #expect(html.contains("Overhead &lt;b&gt;bench&lt;/b&gt;"))
        #expect(!html.contains("<b>"))
        #expect(html.contains("&lt;down&gt;"))
        #expect(html.contains("0.77×"))
        let errors = try nodes("//*[@id='errors']//td[@class='error']", in: html)
        #expect(errors.map { $0.stringValue ?? "" } == [BenchFixture.errorText])
    }

    // MARK: comparison

    @Test func comparisonRatiosAndGroupsInOnlyOneBench() throws {
        let baseline = BenchFixture.record()
        let candidate = BenchFixture.record(id: "bench-b", clients: [1, 4, 16], figures: BenchFixture.candidateFigures)
        let comparison = BenchComparison(baseline: baseline, candidate: candidate)
        #expect(comparison.rows.map(\.key.label) == ["single tpcb-like c=1", "direct tpcb-like c=1", "single tpcb-like c=4", "direct tpcb-like c=4"])
        let single = try #require(comparison.rows.first)
        #expect(close(single.baselineTps, 110) && close(single.candidateTps, 220))
        #expect(close(single.tpsRatio, 2.0))
        #expect(close(single.p99Ratio, 1.5))
        #expect(close(comparison.rows[1].tpsRatio, 1.0))
        #expect(comparison.onlyInBaseline.isEmpty)
        #expect(comparison.onlyInCandidate == [Key(target: .direct, mode: .tpcbLike, clients: 16)])
        #expect(comparison.differences.isEmpty)
        #expect(comparison.markdown.contains("| single | tpcb-like | 1 | 110.0 | 220.0 | 2.00× | 4.00 | 6.00 | 1.50× |"))
        #expect(comparison.markdown.contains("Only in B: `direct tpcb-like c=16`"))
        #expect(comparison.text.contains("Only in B: direct tpcb-like c=16"))
        #expect(comparison.text.contains("2.00×"))
    }
}
