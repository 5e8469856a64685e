import Foundation
import Testing
@testable import ChaosKit

#if canImport(FoundationXML)
import FoundationXML
#endif

@Suite struct ReportTests {
    typealias R = SyntheticRun

    private func contents(_ record: RunRecord = R.record()) -> RunContents {
        RunContents(record: record, ops: R.ops(), events: record.events)
    }

    /// Parses the report as XML (it is well-formed XHTML) and runs an XPath query.
    private func nodes(_ xpath: String, in html: String) throws -> [XMLNode] {
        let document = try XMLDocument(xmlString: html, options: [])
        return try document.nodes(forXPath: xpath)
    }

    private func attribute(_ name: String, of node: XMLNode) -> String? {
        (node as? XMLElement)?.attribute(forName: name)?.stringValue
    }

    private func temporaryDirectory() throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("chaos-report-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    // MARK: report.html

    @Test func reportShadesTheFaultWindowInEveryChart() throws {
        let html = HTMLReportRenderer.render(contents())
        let shades = try nodes("//*[@class='fault-window']", in: html)
        // Cluster lanes + throughput and latency for each of the two paths.
        #expect(shades.count == 5)
        #expect(shades.allSatisfy { attribute("data-step", of: $0) == "kill-primary" })
        let widths = shades.compactMap { attribute("width", of: $0).flatMap(Double.init) }
        #expect(widths.count == 5 && widths.allSatisfy { $0 > 50 })
    }

    @Test func reportDrawsExactlyOneLanePerNode() throws {
        let html = HTMLReportRenderer.render(contents())
        let lanes = try nodes("//*[@class='node-lane']", in: html)
        #expect(lanes.compactMap { attribute("data-node", of: $0) } == ["pg1", "pg2", "pg3"])
        let pg2Roles = try nodes("//*[@class='node-lane'][@data-node='pg2']/*[@data-role]", in: html).compactMap { attribute("data-role", of: $0) }
        #expect(pg2Roles == ["replica", "primary"])
        let pg1Roles = try nodes("//*[@class='node-lane'][@data-node='pg1']/*[@data-role]", in: html).compactMap { attribute("data-role", of: $0) }
        #expect(pg1Roles == ["primary", "unreachable", "replica · starting", "replica"])
        #expect(try nodes("//*[@class='leader-key-lane']", in: html).count == 1)
        #expect(try nodes("//*[@class='pgpool-primary-lane']", in: html).count == 1)
        let etcd = try nodes("//*[@class='etcd-lane']", in: html).compactMap { attribute("data-node", of: $0) }
        #expect(etcd == ["etcd 10.0.0.11", "etcd 10.0.0.12", "etcd 10.0.0.13"])
        let etcd3 = try nodes("//*[@class='etcd-lane'][@data-node='etcd 10.0.0.13']/*[@data-role]", in: html).compactMap { attribute("data-role", of: $0) }
        #expect(etcd3 == ["up", "unreachable", "up"])
    }

    @Test func aGamedaysNotesDecisionsAndMarksAreMarkersOnTheTimeline() throws {
        var run = contents()
        run.gameday = GamedayRecord(runID: run.record.runID, operators: ["Alice"], entries: [
            GamedayEntry(kind: .decision, step: "kill-primary", seconds: 0, text: "run"),
            GamedayEntry(kind: .note, step: nil, seconds: 3.5, text: "pgpool <slow> & late"),
            GamedayEntry(kind: .mark, step: "kill-primary", seconds: 12, text: "took 12 s", expected: false),
        ])
        let html = HTMLReportRenderer.render(run)
        let marks = try nodes("//*[@id='cluster-lanes']/*[@data-kind]", in: html)
        #expect(marks.compactMap { attribute("data-kind", of: $0) } == ["decision", "note", "mark-unexpected"])
        let x = marks.compactMap { attribute("x1", of: $0).flatMap(Double.init) }
        #expect(x.count == 3 && x[0] < x[1] && x[1] < x[2], "placed at their times: \(x)")
        let entries = try nodes("//*[@class='gameday-entries']/*", in: html).map { $0.stringValue ?? "" }
        #expect(entries == ["+0.0 s decision (kill-primary): run", "+3.5 s note: pgpool <slow> & late", "+12.0 s NOT as expected (kill-primary): took 12 s"])
        #expect(try nodes("//*[@class='gameday-entries']", in: HTMLReportRenderer.render(contents())).isEmpty, "only a game day has them")
    }

    @Test func duringProbesAreShownInTheReportTheSummaryAndTheirFailuresSaidOnce() throws {
        var record = R.record()
        let origin = ReportFormat.origin(of: record)
        let evaluations = [
            ProbeEvaluation(probe: "one-primary", kind: "promql", startNs: origin + 1_000_000_000, endNs: origin + 1_002_000_000, held: true, detail: "= 1"),
            ProbeEvaluation(probe: "one-primary", kind: "promql", startNs: origin + 2_000_000_000, endNs: origin + 2_002_000_000, held: false, detail: "sum = 2 (wanted ≤ 1)"),
            ProbeEvaluation(probe: "one-primary", kind: "promql", startNs: origin + 3_000_000_000, endNs: origin + 3_002_000_000, held: false, detail: "sum = 2 (wanted ≤ 1)"),
        ]
        record.results?.during = ContinuousProbeResults.evaluate(evaluations, probes: [("one-primary", "promql")], intervalNs: 1_000_000_000)
        let html = HTMLReportRenderer.render(contents(record))
        let rows = try nodes("//*[@id='during-probes']//*[@data-probe='one-primary']", in: html)
        #expect(rows.count == 1 && attribute("class", of: rows[0]) == "during-probe failed")
        let cells = try nodes("//*[@data-probe='one-primary']/*", in: html).map { $0.stringValue ?? "" }
        #expect(cells == ["one-primary", "promql", "3", "2", "+2.00s–+3.00s", "sum = 2 (wanted ≤ 1)"], "\(cells)")
        let summary = SummaryRenderer.render(contents(record))
        #expect(summary.contains("## During the method (continuous probes)"))
        #expect(summary.contains("| one-primary | promql | 3 | 2 | +2.00s–+3.00s | sum = 2 (wanted ≤ 1) |"), "\(summary)")
        #expect(summary.contains("failed ones count in during.failures (2 in all)"))
    }

    @Test func reportListsTheLostWritesWithTheirSeqs() throws {
        let html = HTMLReportRenderer.render(contents())
        let rows = try nodes("//table[@id='lost-writes']//tr[@data-seq]", in: html)
        #expect(rows.compactMap { attribute("data-seq", of: $0).flatMap { Int64($0) } } == R.lostSeqs)
        #expect(rows.allSatisfy { attribute("data-path", of: $0) == "direct" })
        #expect(try nodes("//*[@id='no-lost-writes']", in: html).isEmpty)
        let diamonds = try nodes("//*[@class='lost-write'][@data-seq]", in: html)
        #expect(diamonds.count == 6)  // three table rows + three marks on the direct chart
    }

    @Test func reportMarksFailedOpsOnEachPath() throws {
        let html = HTMLReportRenderer.render(contents())
        for (path, first, last) in [("direct", "1501", "1860"), ("pgpool", "1501", "1960")] {
            let marks = try nodes("//*[@data-path='\(path)']//*[@class='failed-op']", in: html)
            #expect(marks.count == 1)
            #expect(marks.first.flatMap { attribute("data-first-seq", of: $0) } == first)
            #expect(marks.first.flatMap { attribute("data-last-seq", of: $0) } == last)
        }
    }

    @Test func reportSaysSoWhenNothingWasLost() throws {
        var record = R.record()
        record.results?.rpo?.lost = []
        record.results?.rpo?.lostWindow = nil
        let html = HTMLReportRenderer.render(contents(record))
        #expect(try nodes("//*[@id='no-lost-writes']", in: html).count == 1)
        #expect(try nodes("//table[@id='lost-writes']", in: html).isEmpty)
    }

    @Test func reportIsSelfContained() throws {
        let html = HTMLReportRenderer.render(contents())
        #expect(!html.contains("<script"))
        #expect(!html.contains("http://") && !html.contains("https://") || !html.contains("src="))
        #expect(!html.contains("<link"))
        #expect(try nodes("//svg", in: html).count >= 6)
        #expect(try nodes("//*[@id='verdict']", in: html).first?.stringValue == "FAILED")
    }

    @Test func aKilledRunRendersAsAPartialRun() throws {
        let record = R.killedRecord()
        let html = HTMLReportRenderer.render(contents(record))
        let notice = try nodes("//*[@id='partial-run']", in: html)
        #expect(notice.count == 1)
        #expect(notice.first?.stringValue?.contains("Partial run") == true)
        #expect(try nodes("//*[@id='verdict']", in: html).first?.stringValue?.hasPrefix("PARTIAL") == true)
        // The fault was never healed: its shading runs to the end of what was recorded.
        #expect(try nodes("//*[@class='fault-window']", in: html).count >= 1)
        let summary = SummaryRenderer.render(contents(record))
        #expect(summary.contains("PARTIAL"))
        #expect(summary.contains("Partial run: the runner stopped before the run finished"))
        #expect(summary.contains("wait-new-leader"))
        let junit = JUnitRenderer.render(record)
        #expect(junit.contains("<error message=\"PARTIAL (run did not finish)\""))
    }

    @Test func anAbortedRunIsPartialAndSaysWhy() throws {
        var record = R.record()
        record.verdict = .aborted
        record.reason = "stop condition writes.failed.direct > 500 breached at +13.10s"
        record.hypotheses = []
        let html = HTMLReportRenderer.render(contents(record))
        let notice = try nodes("//*[@id='partial-run']", in: html).first?.stringValue ?? ""
        #expect(notice.contains("aborted — stop condition writes.failed.direct > 500 breached"))
        #expect(SummaryRenderer.render(contents(record)).contains("Partial run: aborted — stop condition"))
        #expect(JUnitRenderer.render(record).contains("<error message=\"ABORTED\""))
    }

    // MARK: summary.md and junit.xml

    @Test func junitFailsTheSteadyStateWhenAProbeFailed() throws {
        var record = R.record()
        record.steps[6].outcome = "failed"
        record.steps[6].detail = "leader count 0"
        let document = try XMLDocument(xmlString: JUnitRenderer.render(record), options: [])
        let failure = try document.nodes(forXPath: "//testcase[@name='steady state']/failure").first
        #expect(failure.flatMap { attribute("message", of: $0) } == "steady_state_after cluster-healthy: failed — leader count 0")
    }

    @Test func summaryCarriesVerdictHypothesesAndLostSeqs() {
        let summary = SummaryRenderer.render(contents())
        #expect(summary.hasPrefix("# Primary crash (SIGKILL) — FAILED"))
        #expect(summary.contains("- `rpo.lost = 3 == 0 ✗`"))
        #expect(summary.contains("**3 acknowledged write(s) lost** between +9.97s and +9.99s: direct seq 1498–1500."))
        #expect(summary.contains("| direct | 3.62s | 3.63s | 3.63s | 0 | 4140 | 360 |"))
        #expect(summary.contains("| kill-primary | kill | pg1 (primary) | +10.00s | +20.00s |"))
        #expect(summary.contains("| leader key changed | 2.00s |"))
        #expect(!summary.contains("Partial run"))
    }

    @Test func junitHasOneCasePerHypothesisPlusSteadyState() throws {
        let xml = JUnitRenderer.render(R.record())
        let document = try XMLDocument(xmlString: xml, options: [])
        let cases = try document.nodes(forXPath: "//testsuite/testcase")
        #expect(cases.count == 4)
        let failures = try document.nodes(forXPath: "//testcase/failure")
        #expect(failures.count == 1)
        #expect(failures.first.flatMap { attribute("message", of: $0) } == "rpo.lost = 3 == 0 ✗")
        let suite = try document.nodes(forXPath: "//testsuite").first
        #expect(suite.flatMap { attribute("failures", of: $0) } == "1")
        #expect(suite.flatMap { attribute("tests", of: $0) } == "4")
    }

    // MARK: run directory

    @Test func runIDIsTheUTCTimestampAndTheScenarioSlug() {
        let date = Date(timeIntervalSince1970: 1_795_752_900)  // 2026-11-27T04:15:00Z
        #expect(RunDirectory.runID(scenario: "primary-kill", startedAt: date) == "20261127T041500Z_primary-kill")
        #expect(RunDirectory.runID(scenario: "etcd quorum/loss", startedAt: date) == "20261127T041500Z_etcd-quorum-loss")
    }

    @Test func createdDirectoriesNeverCollide() throws {
        let root = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: root) }
        let date = Date(timeIntervalSince1970: 1_795_752_900)
        let first = try RunDirectory.create(under: root, scenario: "primary-kill", startedAt: date)
        let second = try RunDirectory.create(under: root, scenario: "primary-kill", startedAt: date)
        #expect(first.runID == "20261127T041500Z_primary-kill")
        #expect(second.runID == "20261127T041500Z_primary-kill-2")
    }

    @Test func writeThenLoadGivesBackTheSameRun() throws {
        let root = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: root) }
        let directory = try RunDirectory.create(under: root, scenario: "primary-kill")
        let record = R.record()
        var ops = R.ops()
        ops[0].message = "a, \"quoted\"\nmulti-line message"
        try directory.writeScenario(text: "version: 1\ntitle: Primary crash\n")
        try directory.finish(record, ops: ops)
        for file in RunDirectory.File.allCases where ![.throughput, .reads, .metrics, .bank].contains(file) {
            #expect(FileManager.default.fileExists(atPath: directory.url(of: file).path), "missing \(file.rawValue)")
        }
        let loaded = try RunDirectory.load(directory.url)
        #expect(try RunDirectory.encode(loaded.record) == RunDirectory.encode(record))
        #expect(loaded.ops == ops)
        #expect(loaded.events == record.events)
        let leftovers = try FileManager.default.contentsOfDirectory(atPath: directory.url.path).filter { $0.hasSuffix(".tmp") }
        #expect(leftovers.isEmpty)
    }

    @Test func aKilledRunLeavesAJournalThatRerendersAsPartial() throws {
        let root = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: root) }
        let directory = try RunDirectory.create(under: root, scenario: "primary-kill")
        var record = R.killedRecord()
        record.steps = Array(record.steps.prefix(2))
        try directory.write(record)
        record = R.killedRecord()
        try directory.write(record)  // the engine rewrites run.json after every step
        let contents = try directory.rerender()
        #expect(contents.ops.isEmpty)
        #expect(contents.events == record.events)
        #expect(contents.record.steps.count == 4)
        let html = try String(contentsOf: directory.url(of: .report), encoding: .utf8)
        #expect(try nodes("//*[@id='partial-run']", in: html).count == 1)
        #expect(try nodes("//*[@class='node-lane']", in: html).count == 3)
        let summary = try String(contentsOf: directory.url(of: .summary), encoding: .utf8)
        #expect(summary.contains("Partial run"))
    }

    @Test func loadNamesTheMissingJournal() throws {
        let root = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: root) }
        #expect(throws: ReportError.self) { try RunDirectory.load(root) }
    }

    @Test func malformedCSVRowsAreReportedWithTheirLine() {
        let text = "path,seq,start_ns,end_ns,outcome\ndirect,1,0,10,ok\ndirect,x,0,10,ok\n"
        #expect {
            try OpLog.records(fromCSV: text)
        } throws: { error in
            (error as? ReportError)?.message.contains("ops.csv:3: bad seq") == true
        }
    }

    @Test func eventsCSVRoundTripsEmptyAndQuotedFields() throws {
        let events = [
            ClusterEvent(timeNs: 5, kind: .leaderKeyChanged, source: "etcd:http://10.0.0.11:2379", member: nil, from: "pg1", to: nil),
            ClusterEvent(timeNs: 7, previousNs: 2, kind: .pgpoolNodeStatusChanged, source: "pgpool", member: "10.0.0.1:5432", from: "up, \"ok\"", to: "down"),
        ]
        #expect(try ClusterEvent.records(fromCSV: ClusterEvent.csv(events)) == events)
    }

    @Test func csvReaderTakesCRLFHeaderOnlyAndReorderedColumns() throws {
        #expect(try OpLog.records(fromCSV: "path,seq,start_ns,end_ns,outcome\r\n").isEmpty)
        #expect(try OpLog.records(fromCSV: "").isEmpty)
        let text = "outcome,seq,path,end_ns,start_ns,message\r\nok,7,pgpool,20,10,\"a\r\nb\"\r\ntimeout,8,pgpool,2000,30,\r\n"
        let ops = try OpLog.records(fromCSV: text)
        #expect(ops == [
            OpRecord(path: .pgpool, seq: 7, startNs: 10, endNs: 20, outcome: .ok, message: "a\r\nb"),
            OpRecord(path: .pgpool, seq: 8, startNs: 30, endNs: 2000, outcome: .timeout),
        ])
    }

    /// Writes the sample run to `$CHAOS_REPORT_SAMPLE_DIR` (for looking at the report; off by default, and
    /// then shown as skipped).
    @Test(.enabled(if: ProcessInfo.processInfo.environment["CHAOS_REPORT_SAMPLE_DIR"] != nil, "set CHAOS_REPORT_SAMPLE_DIR to write the sample report"))
    func writeSampleRunWhenAsked() throws {
        let path = try #require(ProcessInfo.processInfo.environment["CHAOS_REPORT_SAMPLE_DIR"])
        let directory = RunDirectory(url: URL(fileURLWithPath: path, isDirectory: true))
        try FileManager.default.createDirectory(at: directory.url, withIntermediateDirectories: true)
        try directory.writeScenario(text: "# synthetic sample\n")
        try directory.finish(R.record(), ops: R.ops())
        let killed = directory.url.appendingPathComponent("killed", isDirectory: true)
        try FileManager.default.createDirectory(at: killed, withIntermediateDirectories: true)
        try RunDirectory(url: killed).write(R.killedRecord())
        try RunDirectory(url: killed).rerender()
    }
}
