// `chaos run FILE… | --all [--dry-run] [--tags T] [--repeat N] [--var NAME=VALUE…]`: runs experiments (the dry
// run prints the plan only). More than one run makes a suite: runs/<ts>_suite/ with statistics over the
// repetitions. Results go to standard output; the ▶ headers and the live line to standard error.

import ArgumentParser
import ChaosKit
import Foundation

struct RunCommand: ParsableCommand, ConsoleCommand {
    static let configuration = CommandConfiguration(
        commandName: "run", abstract: "Run scenarios against the lab and archive the evidence in runs/.",
        discussion: """
            Examples:
              chaos run scenarios/primary-kill.yaml
              chaos run scenarios/primary-kill.yaml --var rate=50 --var rate=200   (one run per rate: a suite)
              chaos run --all --format json > result.json
            """)

    @OptionGroup var scenarios: ScenarioFileOptions
    @OptionGroup var variables: VariableOptions

    @Flag(help: "Print the resolved plan and timings; touch nothing.")
    var dryRun = false

    @Option(help: "Only scenarios carrying one of these tags (comma separated).")
    var tags: String?

    @Option(help: "Seed for random target picks (default: random; recorded in run.json).")
    var seed: UInt64?

    @Option(help: "Folder for run artifacts.", completion: .directory)
    var runsDirectory = "runs"

    @OptionGroup var platform: PlatformOption
    @OptionGroup var confirmation: ConfirmOption

    @Option(name: .customLong("repeat"), help: "Run each scenario N times and report min/median/p95/max and mean ± 95 % CI.")
    var repeatCount = 1

    @Option(help: "Run a repetition that did not pass again, up to N more times. Every attempt is kept; one that passes only on a retry is listed as flaky.")
    var retries = 0

    @OptionGroup var output: FormatOption
    @OptionGroup var global: GlobalOptions

    func validate() throws {
        guard (1...10_000).contains(repeatCount) else { throw ValidationError("--repeat must be 1…10000") }
        guard (0...10).contains(retries) else { throw ValidationError("--retries must be 0…10") }
    }

    func run() throws {
        StandardOutput.lineBuffered()
        let loads = try ScenarioLoading.load(try scenarios.resolve(), variables: variables, loader: ScenarioLoader(capabilities: .detectLocalKernel()))
        var loaded: [Scenario] = []
        for load in loads {
            for diagnostic in load.result.diagnostics { Console.error(diagnostic.description) }
            guard let scenario = load.result.scenario else { throw ExitCode.invalidInput }
            loaded.append(scenario)
        }
        if let tags {
            let wanted = Set(tags.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) })
            loaded = loaded.filter { !wanted.isDisjoint(with: $0.tags) }
        }
        if dryRun {
            let plans = loaded.map(RunPlan.init)
            if output.isDocument { try output.emit(plans.map(PlanDocument.init)) } else { plans.forEach { print(PlanPrinter.render($0)) } }
            return
        }
        let control = RunControl()
        let interrupts = InterruptWatch { signal in control.abort("interrupted by \(signal)") }
        defer { interrupts.stop() }
        let status = StatusLine()
        let cluster = try platform.resolve()
        let engine = RunEngine(platform: cluster, runsDirectory: runsDirectory, confirmedCluster: confirmation.confirmed(for: cluster),
                               progress: { status.update($0) })
        let seed = seed ?? .random(in: 0 ... .max)
        if loaded.count == 1 && repeatCount == 1 && retries == 0 {
            try runOne(loaded[0], engine: engine, control: control, status: status, seed: seed)
        } else {
            try runSuite(loaded, engine: engine, control: control, status: status, seed: seed)
        }
    }

    private func runOne(_ scenario: Scenario, engine: RunEngine, control: RunControl, status: StatusLine, seed: UInt64) throws {
        Console.progress(RunHeader.line(scenario))
        let outcome: RunOutcome
        do {
            outcome = try engine.run(scenario, control: control, seed: seed)
        } catch {
            status.finish()
            Console.error("error: \(error)")
            throw ExitCode.environmentError
        }
        status.finish()
        if output.isDocument {
            try output.emit(RunResultDocument(record: outcome.record, directory: outcome.directory))
        } else {
            print(VerdictPrinter.render(outcome, brief: Console.verbosity == .quiet))
        }
        if outcome.exitCode != 0 { throw ExitCode(outcome.exitCode) }
    }

    private func runSuite(_ scenarios: [Scenario], engine: RunEngine, control: RunControl, status: StatusLine, seed: UInt64) throws {
        let suite: SuiteOutcome
        let finished = Locked([RunResultDocument]())
        let document = output.isDocument
        do {
            suite = try SuiteRunner(engine: engine, repeatCount: repeatCount, retries: retries).run(scenarios, control: control, seed: seed) { event in
                switch event {
                case .starting(let scenario, let iteration, let total):
                    Console.progress(RunHeader.line(scenario) + (total > 1 ? "  run \(iteration) of \(total)" : ""))
                case .finished(let outcome):
                    status.finish()
                    finished.withLock { $0.append(RunResultDocument(record: outcome.record, directory: outcome.directory)) }
                    if !document { print(VerdictPrinter.render(outcome, brief: Console.verbosity == .quiet)) }
                case .couldNotStart(_, let error):
                    status.finish()
                    Console.error("error: \(error) — going on with the next run")
                case .labRebuilt(let detail):
                    Console.error("lab: \(detail)")
                case .retrying(let scenario, let attempt, let reason):
                    Console.progress(RunHeader.line(scenario) + "  attempt \(attempt) (--retries; the last one: \(reason))")
                }
            }
        } catch {
            Console.error("error: \(error)")
            throw ExitCode.environmentError
        }
        if document {
            try output.emit(SuiteResultDocument(directory: suite.directory, exitCode: suite.exitCode, runs: finished.snapshot))
        } else {
            print(SuitePrinter.render(suite))
        }
        if suite.exitCode != 0 { throw ExitCode(suite.exitCode) }
    }
}

/// The line that opens a run: `▶ title  (file)  [rate=50]`.
enum RunHeader {
    static func line(_ scenario: Scenario) -> String {
        let values = scenario.variableValues.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }
        return "▶ \(scenario.title)  (\(scenario.file))" + (values.isEmpty ? "" : "  [\(values.joined(separator: ", "))]")
    }
}
