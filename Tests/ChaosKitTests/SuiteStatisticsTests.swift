import Foundation
import Testing
@testable import ChaosKit

@Suite struct SampleStatisticsTests {
    @Test func quantilesMatchRAndNumPyType7() throws {
        // R: quantile(c(9.8, 10.1, 10.4, 11.0, 15.2), c(.5, .95)) → 10.40, 14.36
        let s = try #require(SampleStatistics([10.4, 9.8, 15.2, 10.1, 11.0]))
        #expect(s.count == 5)
        #expect(s.min == 9.8 && s.max == 15.2)
        #expect(abs(s.median - 10.4) < 1e-9)
        #expect(abs(s.p95 - 14.36) < 1e-9)
        #expect(abs(s.mean - 11.3) < 1e-9)
    }

    @Test func intervalUsesStudentT() throws {
        // n = 4, mean 10, s = sqrt(20/3) ≈ 2.582; t(0.975, 3) = 3.182 → half width 4.108
        let s = try #require(SampleStatistics([7, 9, 11, 13]))
        #expect(abs((s.standardDeviation ?? 0) - (20.0 / 3).squareRoot()) < 1e-9)
        #expect(abs((s.ci95HalfWidth ?? 0) - 3.182 * (20.0 / 3).squareRoot() / 2) < 1e-9)
    }

    @Test func oneValueHasNoInterval() throws {
        let s = try #require(SampleStatistics([9.84]))
        #expect(s.median == 9.84 && s.p95 == 9.84 && s.ci95HalfWidth == nil && s.standardDeviation == nil)
        #expect(SampleStatistics([]) == nil)
    }

    @Test func largeSamplesFallBackToTheNormalQuantile() {
        #expect(SampleStatistics.studentT975(degreesOfFreedom: 1) == 12.706)
        #expect(SampleStatistics.studentT975(degreesOfFreedom: 30) == 2.042)
        #expect(SampleStatistics.studentT975(degreesOfFreedom: 500) == 1.960)
    }
}

@Suite struct SuiteSummaryTests {
    static func suite() -> SuiteRecord {
        var record = SuiteRecord(suiteID: "20261127T050000Z_suite", startedAt: "2026-11-27T05:00:00Z", repeatCount: 3, scenarioFiles: ["scenarios/primary-kill.yaml"])
        for iteration in 1...3 {
            var run = SyntheticRun.record()
            run.runID = "20261127T05000\(iteration)Z_primary-kill"
            record.runs.append(SuiteRunEntry(scenario: "primary-kill", iteration: iteration, record: run))
        }
        return record
    }

    @Test func entriesCarryTheHeadlineFiguresAndBrokenHypotheses() throws {
        let entry = try #require(Self.suite().runs.first)
        #expect(entry.metrics["rpo.lost"] == 3)
        let rto = try #require(entry.metrics["rto.direct"])
        #expect(rto > 3 && rto < 4, "synthetic direct outage is 15–18.6 s: \(rto)")
        #expect(entry.brokenHypotheses == ["rpo.lost = 3 == 0 ✗"])
        #expect(entry.verdict == "failed" && !entry.passed)
    }

    @Test func scenarioSummaryCountsVerdictsAndComputesStatistics() throws {
        let summary = try #require(Self.suite().scenarios.first)
        #expect(summary.verdicts == ["failed": 3])
        let lost = try #require(summary.metrics.first { $0.metric == "rpo.lost" })
        #expect(lost.measured == 3 && lost.runs == 3 && lost.statistics.median == 3 && lost.statistics.ci95HalfWidth == 0)
        #expect(summary.metrics.first?.metric == "rto.direct", "headline order")
    }

    @Test func summariesLinkEveryRunAndShowTheStatistics() {
        let record = Self.suite()
        let markdown = SuiteSummaryRenderer.markdown(record)
        let html = SuiteSummaryRenderer.html(record)
        for run in record.runs {
            #expect(markdown.contains("](../\(run.runID!)/summary.md)"))
            #expect(html.contains("href=\"../\(run.runID!)/report.html\""))
        }
        #expect(markdown.contains("| rpo.lost | 3 of 3 | 3 | 3 | 3 | 3 | 3 ± 0 |"))
        #expect(markdown.contains("FAILED — 0 of 3 runs passed"))
        #expect(html.components(separatedBy: "<circle").count - 1 >= 3, "a strip plot dot per run")
        #expect(!html.contains("<script") && !html.contains("http://") && !html.contains("https://"))
    }

    @Test func aRunThatCouldNotStartIsAnErrorWithItsReason() throws {
        let scenario = ScenarioLoader(capabilities: .everything).load(text: "version: 1\ntitle: t\nmethod:\n  - name: w\n    wait: 1s\n", file: "x.yaml").scenario
        let entry = SuiteRunEntry(scenario: try #require(scenario), iteration: 1, error: "the cluster is not healthy")
        var record = Self.suite()
        record.runs.append(entry)
        #expect(SuiteOutcome(record: record, directory: "/tmp").exitCode == 3)
        #expect(SuiteSummaryRenderer.markdown(record).contains("| x | 1 | — | error |"))
    }

    @Test func suiteFolderRoundTripsAndCompareExpandsIt() throws {
        let root = NSTemporaryDirectory() + "chaos-suite-\(UUID().uuidString)"
        defer { try? FileManager.default.removeItem(atPath: root) }
        let folder = try SuiteDirectory.create(under: root)
        var record = Self.suite()
        record.suiteID = folder.suiteID
        for entry in record.runs {
            var run = SyntheticRun.record()
            run.runID = entry.runID!
            let directory = URL(fileURLWithPath: root).appendingPathComponent(run.runID)
            try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
            try RunDirectory(url: directory).write(run)
        }
        try folder.write(record)
        #expect(try folder.read().runs == record.runs)
        for file in ["suite.json", "summary.md", "report.html"] {
            #expect(FileManager.default.fileExists(atPath: folder.url.appendingPathComponent(file).path))
        }
        let records = try RunComparison.load(directories: [folder.url.path])
        #expect(records.map(\.runID) == record.runs.compactMap(\.runID))
    }
}

@Suite struct RunComparisonTests {
    @Test func tableHasAColumnPerRunAndARowPerHypothesis() {
        var a = SyntheticRun.record()
        var b = SyntheticRun.record()
        b.runID = "20261127T060000Z_primary-kill"
        b.seed = 7
        b.hypotheses[1] = ExpressionVerdict(expression: "rpo.lost == 0", measured: "0", held: true, problem: nil, line: "rpo.lost = 0 == 0 ✓")
        a.hypotheses.append(ExpressionVerdict(expression: "rto.pgpool < 25s", measured: "4.60s", held: true, problem: nil, line: ""))
        let comparison = RunComparison([a, b])
        #expect(comparison.runIDs == [a.runID, b.runID])
        let rows = Dictionary(uniqueKeysWithValues: comparison.rows.map { ($0.label, $0.cells) })
        #expect(rows["seed"] == ["42", "7"])
        #expect(rows["rpo.lost == 0"] == ["3 ✗", "0 ✓"])
        #expect(rows["rto.pgpool < 25s"] == ["4.60s ✓", "—"])
        #expect(rows["rpo.lost"] == ["3", "3"])
        let text = comparison.text()
        #expect(text.split(separator: "\n").count == comparison.rows.count + 1)
        #expect(comparison.markdown().hasPrefix("| | \(a.runID) | \(b.runID) |"))
    }

    @Test func aFolderThatIsNotARunIsNamed() {
        #expect(throws: ReportError.self) { try RunComparison.load(directories: ["/nonexistent/run"]) }
    }
}
