// `chaos list`: the scenario library as a table (or a document with --format json|yaml).

import ArgumentParser
import ChaosKit

struct ListCommand: ParsableCommand, ConsoleCommand {
    static let configuration = CommandConfiguration(
        commandName: "list", abstract: "List scenarios: file, title, tags, faults, duration estimate, variables.")

    @Option(help: "Folder to list.", completion: .directory)
    var scenarioDirectory = "scenarios"

    @OptionGroup var variables: VariableOptions
    @OptionGroup var output: FormatOption
    @OptionGroup var global: GlobalOptions

    func run() throws {
        let files: [String]
        do { files = try ScenarioLibrary.files(in: scenarioDirectory) } catch {
            Console.error("cannot list \(scenarioDirectory)/: run from the repository root or pass --scenario-directory")
            throw ExitCode.invalidInput
        }
        guard !files.isEmpty else {
            if output.isDocument { try output.emit([ScenarioListEntry]()) } else { Console.error("no scenario in \(scenarioDirectory)/") }
            return
        }
        var loads = try ScenarioLoading.load(files, variables: variables, loader: ScenarioLoader(capabilities: .detectLocalKernel()))
        // With a variable given several times, list each file once (with the first value).
        loads = Array(loads.prefix(files.count))
        let entries = loads.map { ScenarioListEntry(file: $0.file, result: $0.result) }
        if output.isDocument { return try output.emit(entries) }
        let rows = entries.map { entry -> [String] in
            guard entry.valid else { return [entry.file, "(invalid: run chaos validate \(entry.file))", "", "", "", ""] }
            let estimate = entry.estimatedSeconds.map { "≤ \(ScenarioDuration.seconds($0))" } ?? ""
            return [entry.file, entry.title, entry.tags.joined(separator: ","), entry.faults.joined(separator: ","), estimate,
                    entry.variables.map { "\($0.name)=\($0.value ?? "?")" }.joined(separator: " ")]
        }
        print(Terminal.table(["FILE", "TITLE", "TAGS", "FAULTS", "DURATION", "VARIABLES"], rows))
    }
}
