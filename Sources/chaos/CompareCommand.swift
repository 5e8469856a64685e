// `chaos compare RUN_DIR…`: runs side by side (a suite folder stands for all its runs).

import ArgumentParser
import ChaosKit
import Foundation

struct CompareCommand: ParsableCommand, ConsoleCommand {
    static let configuration = CommandConfiguration(
        commandName: "compare",
        abstract: "Print runs side by side: setup, verdict, RTO/RPO figures and every hypothesis.",
        discussion: "A suite folder (runs/<timestamp>_suite) stands for every run it lists. Two bench folders (runs/<timestamp>_bench…) compare cell by cell: the second's median TPS and p99 as ratios of the first's. Soak folders (with soak.json) compare fault by fault: episodes and median, p95 and max RTO per path, the others' medians as ratios of the first's.")

    @Argument(help: "Run folders (or suite folders), e.g. runs/20261127T041500Z_primary-kill.", completion: .directory)
    var runDirectories: [String]

    @Flag(help: "Print a Markdown table instead of aligned text.")
    var markdown = false

    @OptionGroup var output: FormatOption
    @OptionGroup var global: GlobalOptions

    func run() throws {
        let urls = runDirectories.map { URL(fileURLWithPath: $0, isDirectory: true) }
        if urls.contains(where: BenchDirectory.isBench) { return try compareBenches(urls) }
        if urls.contains(where: { RunDirectory(url: $0).isSoak }) { return try compareSoaks(urls) }
        let runs: [(record: RunRecord, directory: String)]
        do {
            runs = try RunComparison.loadRuns(directories: runDirectories)
        } catch {
            Console.error("\(error)")
            throw ExitCode.invalidInput
        }
        if output.isDocument {
            return try output.emit(runs.map { RunResultDocument(record: $0.record, directory: $0.directory) })
        }
        let comparison = RunComparison(runs.map(\.record))
        print(markdown ? comparison.markdown() : comparison.text(), terminator: "")
    }

    /// Soaks, the first as the reference.
    private func compareSoaks(_ urls: [URL]) throws {
        guard urls.allSatisfy({ RunDirectory(url: $0).isSoak }) else {
            Console.error("error: soak folders compare with soak folders only (each has soak.json); give soaks, or runs without soaks")
            throw ExitCode.invalidInput
        }
        var soaks: [(record: SoakRecord, verdict: String)] = []
        for url in urls {
            do {
                let directory = RunDirectory(url: url)
                guard let soak = try directory.readSoak() else { continue }
                soaks.append((soak, try directory.readRecord().verdict.rawValue))
            } catch {
                Console.error("error: \(error)")
                throw ExitCode.invalidInput
            }
        }
        if output.isDocument { return try output.emit(soaks.map(\.record)) }
        let comparison = SoakComparison(soaks)
        print(markdown ? comparison.markdown() : comparison.text(), terminator: "")
    }

    /// Two benchmarks, the first as the reference.
    private func compareBenches(_ urls: [URL]) throws {
        guard urls.count == 2, urls.allSatisfy(BenchDirectory.isBench) else {
            Console.error("error: bench folders compare in pairs: give exactly two runs/<ts>_bench… folders (the first is the reference), not \(urls.count) folders or a mix with runs")
            throw ExitCode.invalidInput
        }
        let records: [BenchRecord]
        do { records = try urls.map { try BenchDirectory(url: $0).read() } } catch {
            Console.error("error: cannot read bench.json: \(error)")
            throw ExitCode.invalidInput
        }
        let comparison = BenchComparison(baseline: records[0], candidate: records[1])
        if output.isDocument { return try output.emit(records) }
        print(markdown ? comparison.markdown : comparison.text, terminator: "")
    }
}
