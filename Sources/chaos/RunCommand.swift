// `chaos run FILE… | --all [--dry-run] [--tags T]`: runs experiments (the dry run prints the plan only).

import ArgumentParser
import ChaosKit
import Foundation

struct RunCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "run", abstract: "Run scenarios against the lab and archive the evidence in runs/.")

    @OptionGroup var scenarios: ScenarioFileOptions

    @Flag(help: "Print the resolved plan and timings; touch nothing.")
    var dryRun = false

    @Option(help: "Only scenarios carrying one of these tags (comma separated).")
    var tags: String?

    @Option(help: "Seed for random target picks (default: random; recorded in run.json).")
    var seed: UInt64?

    @Option(help: "Folder for run artifacts.", completion: .directory)
    var runsDirectory = "runs"

    func run() throws {
        let loader = ScenarioLoader(capabilities: .detectLocalKernel())
        var loaded: [Scenario] = []
        for file in try scenarios.resolve() {
            let result = loader.load(fileAt: file)
            for diagnostic in result.diagnostics { Terminal.error(diagnostic.description) }
            guard let scenario = result.scenario else { throw ExitCode.invalidInput }
            loaded.append(scenario)
        }
        if let tags {
            let wanted = Set(tags.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) })
            loaded = loaded.filter { !wanted.isDisjoint(with: $0.tags) }
        }
        if dryRun {
            for scenario in loaded { print(PlanPrinter.render(RunPlan(scenario))) }
            return
        }
        let control = RunControl()
        let interrupts = InterruptWatch { signal in control.abort("interrupted by \(signal)") }
        defer { interrupts.stop() }
        let status = StatusLine()
        let engine = RunEngine(runsDirectory: runsDirectory, progress: { status.update($0) })
        var worst: Int32 = 0
        for scenario in loaded {
            print("▶ \(scenario.title)  (\(scenario.file))")
            let outcome: RunOutcome
            do {
                outcome = try engine.run(scenario, control: control, seed: seed ?? .random(in: 0 ... .max))
            } catch {
                status.finish()
                Terminal.error("error: \(error)")
                throw ExitCode.environmentError
            }
            status.finish()
            print(VerdictPrinter.render(outcome))
            worst = max(worst, outcome.exitCode)
            if control.aborted != nil { break }
        }
        if worst != 0 { throw ExitCode(worst) }
    }
}
