// `chaos report RUN_DIR…`: re-renders summary.md, report.html and junit.xml from a run's run.json and CSVs.

import ArgumentParser
import ChaosKit
import Foundation

struct ReportCommand: ParsableCommand, ConsoleCommand {
    static let configuration = CommandConfiguration(
        commandName: "report",
        abstract: "Re-render a run's summary.md, report.html and junit.xml from run.json, ops.csv and events.csv.",
        discussion: "Works on a killed run too: its run.json renders as a partial run (a soak's soak.json and soak.md are judged again from what it recorded). A suite folder (runs/<ts>_suite) is re-rendered from its suite.json, a bench folder (runs/<ts>_bench…) from its bench.json, a study folder (runs/<ts>_study) from its study.json.")

    @Argument(help: "Run folders, e.g. runs/20261127T041500Z_primary-kill.", completion: .directory)
    var runDirectories: [String]

    @OptionGroup var output: FormatOption
    @OptionGroup var global: GlobalOptions

    func run() throws {
        var failed = 0
        var rendered: [RenderedReportEntry] = []
        for path in runDirectories {
            let url = URL(fileURLWithPath: path, isDirectory: true)
            let report = url.appendingPathComponent("report.html").path
            if FileManager.default.fileExists(atPath: url.appendingPathComponent("suite.json").path) {
                do {
                    let suite = SuiteDirectory(url: url)
                    let record = try suite.read()
                    try suite.write(record)
                    let passed = "\(record.runs.filter(\.passed).count) of \(record.runs.count) runs passed"
                    rendered.append(RenderedReportEntry(directory: path, report: report, kind: "suite", verdict: record.passed ? "passed" : "failed", title: passed))
                    if !output.isDocument { print("\(report)  [suite: \(passed)]") }
                } catch {
                    Console.error("\(error)")
                    failed += 1
                }
                continue
            }
            if FileManager.default.fileExists(atPath: url.appendingPathComponent("study.json").path) {
                do {
                    let study = StudyDirectory(url: url)
                    let record = try study.read()
                    try study.write(record)
                    let runs = StudySummaryRenderer.verdicts(record)
                    let passed = record.remaining.isEmpty && record.entries.allSatisfy { $0.verdict == "passed" }
                    rendered.append(RenderedReportEntry(directory: path, report: report, kind: "study", verdict: passed ? "passed" : "failed", title: runs))
                    if !output.isDocument { print("\(report)  [study: \(runs)]  \(record.definition.title)") }
                } catch {
                    Console.error("\(path): cannot re-render the study: \(error)")
                    failed += 1
                }
                continue
            }
            if BenchDirectory.isBench(url) {
                do {
                    let bench = BenchDirectory(url: url)
                    let record = try bench.read()
                    try bench.writeReports(record)
                    let cells = "\(record.cells.filter { $0.measurement != nil }.count) of \(record.cells.count) cells measured"
                    rendered.append(RenderedReportEntry(directory: path, report: report, kind: "bench", verdict: record.hasErrors ? "failed" : "passed", title: cells))
                    if !output.isDocument { print("\(report)  [bench: \(cells)]  \(record.definition.title)") }
                } catch {
                    Console.error("\(path): cannot re-render the bench: \(error)")
                    failed += 1
                }
                continue
            }
            let directory = RunDirectory(url: url)
            do {
                let contents = try directory.rerender()
                let verdict = contents.record.verdict
                let soak = try directory.rejudgeSoak()
                rendered.append(RenderedReportEntry(
                    directory: path, report: report, kind: soak == nil ? "run" : "soak", verdict: verdict.rawValue, title: contents.record.title))
                var label = verdict == .running ? "partial: the run did not finish" : verdict.rawValue
                if let soak { label += "; soak: \(soak.episodes.filter { $0.faultStartNs != nil }.count) of \(soak.episodes.count) faults recorded" }
                if !output.isDocument { print("\(directory.url(of: .report).path)  [\(label)]  \(contents.record.title)") }
            } catch {
                Console.error("\(error)")
                failed += 1
            }
        }
        if output.isDocument { try output.emit(rendered) }
        if failed > 0 { throw ExitCode.invalidInput }
    }
}
