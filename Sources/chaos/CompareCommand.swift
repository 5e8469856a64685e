// `chaos compare RUN_DIR…`: runs side by side (a suite folder stands for all its runs).

import ArgumentParser
import ChaosKit

struct CompareCommand: ParsableCommand, ConsoleCommand {
    static let configuration = CommandConfiguration(
        commandName: "compare",
        abstract: "Print runs side by side: setup, verdict, RTO/RPO figures and every hypothesis.",
        discussion: "A suite folder (runs/<timestamp>_suite) stands for every run it lists.")

    @Argument(help: "Run folders (or suite folders), e.g. runs/20261127T041500Z_primary-kill.", completion: .directory)
    var runDirectories: [String]

    @Flag(help: "Print a Markdown table instead of aligned text.")
    var markdown = false

    @OptionGroup var output: FormatOption
    @OptionGroup var global: GlobalOptions

    func run() throws {
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
}
