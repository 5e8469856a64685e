// `chaos compare RUN_DIR…`: runs side by side (a suite folder stands for all its runs).

import ArgumentParser
import ChaosKit

struct CompareCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "compare",
        abstract: "Print runs side by side: setup, verdict, RTO/RPO figures and every hypothesis.",
        discussion: "A suite folder (runs/<timestamp>_suite) stands for every run it lists.")

    @Argument(help: "Run folders (or suite folders), e.g. runs/20261127T041500Z_primary-kill.", completion: .directory)
    var runDirectories: [String]

    @Flag(help: "Print a Markdown table instead of aligned text.")
    var markdown = false

    func run() throws {
        let records: [RunRecord]
        do {
            records = try RunComparison.load(directories: runDirectories)
        } catch {
            Terminal.error("\(error)")
            throw ExitCode.invalidInput
        }
        let comparison = RunComparison(records)
        print(markdown ? comparison.markdown() : comparison.text(), terminator: "")
    }
}
