// `chaos validate FILE… | --all [--var NAME=VALUE…]`: every problem with file:line:col; touches no cluster.

import ArgumentParser
import ChaosKit

struct ValidateCommand: ParsableCommand, ConsoleCommand {
    static let configuration = CommandConfiguration(
        commandName: "validate", abstract: "Check scenario files and report every problem with file:line:column.")

    @OptionGroup var scenarios: ScenarioFileOptions
    @OptionGroup var variables: VariableOptions
    @OptionGroup var output: FormatOption
    @OptionGroup var global: GlobalOptions

    func run() throws {
        let loads = try ScenarioLoading.load(try scenarios.resolve(), variables: variables, loader: ScenarioLoader(capabilities: .detectLocalKernel()))
        let invalid = loads.filter { !$0.result.isValid }.count
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
            Console.error("\(invalid) of \(loads.count) scenario file(s) invalid")
            throw ExitCode.invalidInput
        }
    }
}
