// `chaos measure --duration 60s`: writers + observer with no fault, for a baseline or a hand-run game day.

import ArgumentParser
import ChaosKit

struct MeasureCommand: ParsableCommand, ConsoleCommand {
    static let configuration = CommandConfiguration(
        commandName: "measure",
        abstract: "Measure the cluster with no fault (baseline, or while faults are injected by hand with `chaos fault`).")

    @Option(help: "How long to measure (e.g. 60s, 5m).")
    var duration = "60s"

    @Option(help: "Writes per second per path.")
    var rate = 100

    @Option(help: "Folder for run artifacts.", completion: .directory)
    var runsDirectory = "runs"

    @OptionGroup var platform: PlatformOption
    @OptionGroup var output: FormatOption
    @OptionGroup var global: GlobalOptions

    func run() throws {
        guard case .success(let length) = ScenarioDuration.parse(duration) else {
            throw ValidationError("--duration '\(duration)' is not a duration; write e.g. 60s or 5m")
        }
        guard (1...5000).contains(rate) else { throw ValidationError("--rate must be 1…5000") }
        let scenario = try environment { try ScenarioLoader(capabilities: .detectLocalKernel()).baselineScenario(duration: length, rate: rate) }
        let control = RunControl()
        let interrupts = InterruptWatch { signal in control.abort("interrupted by \(signal)") }
        defer { interrupts.stop() }
        let status = StatusLine()
        let outcome = try environment {
            var engine = RunEngine(platform: try platform.resolve(), runsDirectory: runsDirectory, progress: { status.update($0) })
            // Faults injected by hand meanwhile (chaos fault inject) count from the moment they fired.
            engine.followsFaultJournal = true
            return try engine.run(scenario, control: control)
        }
        status.finish()
        if output.isDocument {
            try output.emit(RunResultDocument(record: outcome.record, directory: outcome.directory))
        } else {
            print(VerdictPrinter.render(outcome, brief: Console.verbosity == .quiet))
        }
        if outcome.exitCode != 0 { throw ExitCode(outcome.exitCode) }
    }
}
