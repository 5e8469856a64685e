// `chaos gameday FILE`: a scenario run as an exercise: each step shown and decided by the operator, what was
// observed shown and marked after it, and the minutes (gameday.md) written into the run folder.

import ArgumentParser
import ChaosKit
import Foundation

struct GamedayCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "gameday",
        abstract: "Run a scenario as a game day: the operator decides each step, marks what was observed, and the minutes are written.",
        discussion: """
            Before each step: Enter runs it · s skips it · n TEXT adds a note · w waits 10 s longer · a aborts (heals everything, \
            finishes the measurements and the minutes). After it: y [COMMENT] as expected · x [COMMENT] not as expected · \
            n TEXT note · Enter leaves it unmarked. A step's `expect:` text is shown before it. --keys FILE answers from a \
            file instead (one answer per line, `+SECONDS` first to pause), for CI and replays. Reference: docs/gameday.md.
            """)

    @Argument(help: "The scenario file.", completion: .file(extensions: ["yaml", "yml"]))
    var file: String
    @OptionGroup var variables: VariableOptions

    @Option(name: .customLong("operator"), help: ArgumentHelp("A participant, for the minutes (repeatable).", valueName: "name"))
    var operators: [String] = []

    @Option(help: ArgumentHelp("Answer from this file instead of the terminal.", valueName: "file"), completion: .file())
    var keys: String?

    @Option(help: "Seed for random target picks (default: random; recorded in run.json).")
    var seed: UInt64?
    @Option(help: "Folder for run artifacts.", completion: .directory)
    var runsDirectory = "runs"
    @OptionGroup var platform: PlatformOption
    @OptionGroup var confirmation: ConfirmOption
    @OptionGroup var global: GlobalOptions

    func validate() throws {
        for name in operators where GamedayText.sanitize(name).isEmpty {
            throw ValidationError("--operator needs a name (got \(name.debugDescription))")
        }
    }

    func run() throws {
        StandardOutput.lineBuffered()
        let loads = try ScenarioLoading.load([file], variables: variables, loader: ScenarioLoader(capabilities: .detectLocalKernel()))
        guard let load = loads.first else { throw ExitCode.invalidInput }
        for diagnostic in load.result.diagnostics { Console.error(diagnostic.description) }
        guard let scenario = load.result.scenario else { throw ExitCode.invalidInput }

        let control = RunControl()
        let interrupts = InterruptWatch { signal in control.abort("interrupted by \(signal)") }
        defer { interrupts.stop() }
        let person: any GamedayOperator
        if let keys {
            let text: String
            do { text = try String(contentsOfFile: keys, encoding: .utf8) } catch {
                Console.error("error: cannot read the keys file \(keys): \(error.localizedDescription)")
                throw ExitCode.invalidInput
            }
            do {
                person = GamedayKeysFile(entries: try GamedayKeysFile.parse(text, file: keys), display: { $0.forEach { print($0) } })
            } catch {
                Console.error("error: \(error)")
                throw ExitCode.invalidInput
            }
        } else {
            person = TerminalOperator()
        }
        let cluster = try platform.resolve()
        let engine = RunEngine(platform: cluster, runsDirectory: runsDirectory, confirmedCluster: confirmation.confirmed(for: cluster),
                               progress: { _ in })
        print("game day: \(scenario.title) (\(scenario.file)); participants: \(operators.isEmpty ? "not given" : operators.joined(separator: ", "))")
        print("warm-up \(scenario.workload.warmup), then \(scenario.method.count) step\(scenario.method.count == 1 ? "" : "s"); the writers measure throughout")
        let result: (outcome: RunOutcome, minutes: String)
        do {
            result = try GamedayRunner(engine: engine, operators: operators).run(scenario, operator: person, control: control, seed: seed ?? .random(in: 0 ... .max))
        } catch {
            Console.error("error: \(error)")
            throw ExitCode.environmentError
        }
        print(VerdictPrinter.render(result.outcome, brief: Console.verbosity == .quiet))
        print("minutes: \(result.minutes)")
        if result.outcome.exitCode != 0 { throw ExitCode(result.outcome.exitCode) }
    }
}
