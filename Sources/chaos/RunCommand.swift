// `chaos run FILE… | --all [--dry-run]`: runs experiments (the dry run prints the plan only).

import ArgumentParser
import ChaosKit

struct RunCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "run", abstract: "Run scenarios against the cluster and archive the evidence in runs/.")

    @OptionGroup var scenarios: ScenarioFileOptions

    @Flag(help: "Print the resolved plan and timings; touch nothing.")
    var dryRun = false

    func run() throws {
        let loader = ScenarioLoader(capabilities: .detectLocalKernel())
        var loaded: [Scenario] = []
        for file in try scenarios.resolve() {
            let result = loader.load(fileAt: file)
            for diagnostic in result.diagnostics { Terminal.error(diagnostic.description) }
            guard let scenario = result.scenario else { throw ExitCode.invalidInput }
            loaded.append(scenario)
        }
        if dryRun {
            for scenario in loaded { print(PlanPrinter.render(RunPlan(scenario))) }
            return
        }
        Terminal.error("chaos run: real runs are not available in this build yet; use --dry-run to see the plan")
        throw ExitCode.environmentError
    }
}
