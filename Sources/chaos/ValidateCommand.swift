// `chaos validate FILE… | --all`: every problem with file:line:col; touches no cluster.

import ArgumentParser
import ChaosKit

struct ValidateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "validate", abstract: "Check scenario files and report every problem with file:line:column.")

    @OptionGroup var scenarios: ScenarioFileOptions

    func run() throws {
        let loader = ScenarioLoader(capabilities: .detectLocalKernel())
        var invalid = 0
        let files = try scenarios.resolve()
        for file in files {
            let result = loader.load(fileAt: file)
            for diagnostic in result.diagnostics { Terminal.error(diagnostic.description) }
            if let scenario = result.scenario {
                print("\(file): ok")
                // A scenario is code run as root: say what it would run on this host.
                for shell in scenario.shellCommands {
                    print("  \(shell.location): runs as root: /bin/sh -c \(shell.command.debugDescription)  (step \(shell.step))")
                }
            } else {
                invalid += 1
            }
        }
        if invalid > 0 {
            Terminal.error("\(invalid) of \(files.count) scenario file(s) invalid")
            throw ExitCode.invalidInput
        }
    }
}
