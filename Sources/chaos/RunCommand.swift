// `chaos run FILE… | --all [--dry-run] [--tags T] [--repeat N]`: runs experiments (the dry run prints the plan
// only). More than one run makes a suite: runs/<ts>_suite/ with statistics over the repetitions.

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

    @OptionGroup var platform: PlatformOption

    @Option(name: .customLong("repeat"), help: "Run each scenario N times and report min/median/p95/max and mean ± 95 % CI.")
    var repeatCount = 1

    func validate() throws {
        guard repeatCount >= 1 else { throw ValidationError("--repeat must be at least 1") }
    }

    func run() throws {
        StandardOutput.lineBuffered()
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
        let engine = RunEngine(lab: try platform.lab(), runsDirectory: runsDirectory, progress: { status.update($0) })
        let seed = seed ?? .random(in: 0 ... .max)
        if loaded.count == 1 && repeatCount == 1 {
            try runOne(loaded[0], engine: engine, control: control, status: status, seed: seed)
        } else {
            try runSuite(loaded, engine: engine, control: control, status: status, seed: seed)
        }
    }

    private func runOne(_ scenario: Scenario, engine: RunEngine, control: RunControl, status: StatusLine, seed: UInt64) throws {
        print("▶ \(scenario.title)  (\(scenario.file))")
        let outcome: RunOutcome
        do {
            outcome = try engine.run(scenario, control: control, seed: seed)
        } catch {
            status.finish()
            Terminal.error("error: \(error)")
            throw ExitCode.environmentError
        }
        status.finish()
        print(VerdictPrinter.render(outcome))
        if outcome.exitCode != 0 { throw ExitCode(outcome.exitCode) }
    }

    private func runSuite(_ scenarios: [Scenario], engine: RunEngine, control: RunControl, status: StatusLine, seed: UInt64) throws {
        let suite: SuiteOutcome
        do {
            suite = try SuiteRunner(engine: engine, repeatCount: repeatCount).run(scenarios, control: control, seed: seed) { event in
                switch event {
                case .starting(let scenario, let iteration, let total):
                    print("▶ \(scenario.title)  (\(scenario.file))" + (total > 1 ? "  run \(iteration) of \(total)" : ""))
                case .finished(let outcome):
                    status.finish()
                    print(VerdictPrinter.render(outcome))
                case .couldNotStart(_, let error):
                    status.finish()
                    Terminal.error("error: \(error) — going on with the next run")
                case .labRebuilt(let detail):
                    Terminal.error("lab: \(detail)")
                }
            }
        } catch {
            Terminal.error("error: \(error)")
            throw ExitCode.environmentError
        }
        print(SuitePrinter.render(suite))
        if suite.exitCode != 0 { throw ExitCode(suite.exitCode) }
    }
}
