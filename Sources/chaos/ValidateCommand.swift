// `chaos validate FILE… | --all [--var NAME=VALUE…]`: every problem with file:line:col; touches no cluster.

import ArgumentParser
import ChaosKit
import Foundation

struct ValidateCommand: ParsableCommand, ConsoleCommand {
    static let configuration = CommandConfiguration(
        commandName: "validate", abstract: "Check scenario files and report every problem with file:line:column.")

    @OptionGroup var scenarios: ScenarioFileOptions
    @OptionGroup var variables: VariableOptions
    @OptionGroup var output: FormatOption
    @OptionGroup var global: GlobalOptions

    func run() throws {
        let files = try scenarios.resolve()
        // Benchmark definitions (kind: benchmark) and studies (kind: study) are checked by their own readers; everything
        // else is a scenario.
        let benchFiles = files.filter { file in
            (try? String(contentsOfFile: file, encoding: .utf8)).map(BenchDefinitionReader.isBenchmark(text:)) ?? false
        }
        var invalidOthers = 0
        for file in benchFiles {
            let load = BenchDefinitionReader.load(fileAt: file)
            for diagnostic in load.diagnostics { Console.error(diagnostic.description) }
            if let definition = load.definition {
                if !output.isDocument { print("\(file): \(Colour.green.paint("ok")) (benchmark: \(definition.cells.count) cells; run it with `chaos bench \(file)`)") }
            } else {
                invalidOthers += 1
            }
        }
        // Studies (kind: study) too.
        let studyFiles = files.filter { file in
            !benchFiles.contains(file) && ((try? String(contentsOfFile: file, encoding: .utf8)).map(StudyDefinitionReader.isStudy(text:)) ?? false)
        }
        for file in studyFiles {
            let load = StudyDefinitionReader.load(fileAt: file, capabilities: .detectLocalKernel())
            for diagnostic in load.diagnostics { Console.error(diagnostic.description) }
            if let definition = load.definition {
                if !output.isDocument { print("\(file): \(Colour.green.paint("ok")) (study: \(definition.runCount) runs; run it with `chaos study \(file)`)") }
            } else {
                invalidOthers += 1
            }
        }
        let scenarioFiles = files.filter { !benchFiles.contains($0) && !studyFiles.contains($0) }
        let loads = scenarioFiles.isEmpty ? [] : try ScenarioLoading.load(scenarioFiles, variables: variables, loader: ScenarioLoader(capabilities: .detectLocalKernel()))
        let invalid = loads.filter { !$0.result.isValid }.count + invalidOthers
        if output.isDocument {
            try output.emit(loads.map { ValidationEntry(file: $0.file, result: $0.result) })
        } else {
            for load in loads {
                for diagnostic in load.result.diagnostics { Console.error(diagnostic.description) }
                guard let scenario = load.result.scenario else { continue }
                print("\(load.file): \(Colour.green.paint("ok"))")
                // A scenario is code run as root: say what it would run on this host.
                for shell in scenario.shellCommands {
                    print("  \(shell.location): runs as root: /bin/sh -c \(shell.command.debugDescription)  (step \(shell.step))")
                }
            }
        }
        if invalid > 0 {
            Console.error("\(invalid) of \(loads.count + benchFiles.count) file(s) invalid")
            throw ExitCode.invalidInput
        }
    }
}
