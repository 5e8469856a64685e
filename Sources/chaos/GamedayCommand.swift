// `chaos gameday FILE` / `chaos gameday --free`: a scenario run as an exercise (each step shown and decided by
// the operator, what was observed shown and marked after it), or a free exercise measured while faults come
// from other terminals; a live dashboard on the terminal (and on a web page with --web); the minutes
// (gameday.md) written into the run folder.

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
            n TEXT note · Enter leaves it unmarked. A step's `expect:` text is shown before it. --free measures with no method \
            while faults are injected from other terminals (chaos fault inject; n TEXT note · e end · a abort). Notes from other \
            terminals: chaos note TEXT. --keys FILE answers from a file instead (one answer per line, `+SECONDS` first to pause), \
            for CI and replays. On a terminal a live dashboard is shown (not with NO_COLOR, TERM=dumb or --no-dashboard); \
            --web 127.0.0.1:8080 serves it as a page too. Reference: docs/gameday.md.
            """)

    @Argument(help: "The scenario file (not with --free).", completion: .file(extensions: ["yaml", "yml"]))
    var file: String?
    @OptionGroup var variables: VariableOptions

    @Flag(help: "A free exercise: no method; the writers measure while faults come from other terminals (chaos fault inject).")
    var free = false
    @Option(help: "With --free: how long at most (e.g. 30m; the operator ends it earlier with e).")
    var duration = "1h"
    @Option(help: "With --free: writes per second per path.")
    var rate = 100

    @Option(name: .customLong("operator"), help: ArgumentHelp("A participant, for the minutes (repeatable).", valueName: "name"))
    var operators: [String] = []

    @Option(help: ArgumentHelp("Answer from this file instead of the terminal.", valueName: "file"), completion: .file())
    var keys: String?

    @Flag(help: "Print line by line, without the full-screen dashboard.")
    var noDashboard = false

    @Option(help: ArgumentHelp("Also serve the dashboard as a live web page at this address (127.0.0.1:8080; another address only on purpose).",
                               valueName: "host:port"))
    var web: String?

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
        if free, file != nil { throw ValidationError("--free runs no scenario: give either FILE or --free") }
        if !free, file == nil { throw ValidationError("give the scenario FILE, or --free for an exercise without a method") }
        if case .failure = ScenarioDuration.parse(duration) { throw ValidationError("--duration '\(duration)' is not a duration; write e.g. 30m or 1h") }
        guard (1...5000).contains(rate) else { throw ValidationError("--rate must be 1…5000") }
        if let web {
            do { _ = try WebAddress(parsing: web) } catch { throw ValidationError("--web: \(error)") }
        }
    }

    func run() throws {
        StandardOutput.lineBuffered()
        let loader = ScenarioLoader(capabilities: .detectLocalKernel())
        let scenario: Scenario
        if free, case .success(let length) = ScenarioDuration.parse(duration) {
            scenario = try environment { try loader.baselineScenario(duration: length, rate: rate, title: "Free game day (at most \(length))", name: "gameday-free") }
        } else {
            let loads = try ScenarioLoading.load([file ?? ""], variables: variables, loader: loader)
            guard let load = loads.first else { throw ExitCode.invalidInput }
            for diagnostic in load.result.diagnostics { Console.error(diagnostic.description) }
            guard let loaded = load.result.scenario else { throw ExitCode.invalidInput }
            scenario = loaded
        }
        let control = RunControl()
        let interrupts = InterruptWatch { signal in control.abort("interrupted by \(signal)") }
        defer { interrupts.stop() }
        let dashboard = !noDashboard && DashboardTerminal.usable ? DashboardTerminal() : nil
        let show: @Sendable ([String]) -> Void = { lines in if let dashboard { dashboard.append(lines) } else { lines.forEach { print($0) } } }
        let person = try makeOperator(dashboard: dashboard, show: show)
        let cluster = try platform.resolve()
        let engine = RunEngine(platform: cluster, runsDirectory: runsDirectory, confirmedCluster: confirmation.confirmed(for: cluster),
                               progress: { _ in })
        let server = try web.map { try DashboardWebServer(address: WebAddress(parsing: $0)) }
        var runner = GamedayRunner(engine: engine, operators: operators)
        runner.onLive = { live, gate in
            let feed = DashboardFeed(run: live, notes: { GamedayText.entryLines(gate.entries) }, prompt: { dashboard?.currentPrompt })
            dashboard?.attach(feed)
            server?.attach(feed)
        }
        if let server {
            do {
                try server.start()
            } catch {
                Console.error("error: cannot serve the dashboard on \(web ?? ""): \(error)")
                throw ExitCode.environmentError
            }
            show(["dashboard page: http://\(server.address.description)/"])
        }
        show(["game day: \(scenario.title) (\(free ? "free exercise" : scenario.file)); participants: \(operators.isEmpty ? "not given" : operators.joined(separator: ", "))"])
        if !free {
            show(["warm-up \(scenario.workload.warmup), then \(scenario.method.count) step\(scenario.method.count == 1 ? "" : "s"); the writers measure throughout"])
        }
        dashboard?.start()
        let result: (outcome: RunOutcome, minutes: String)
        do {
            let seed = seed ?? .random(in: 0 ... .max)
            result = free
                ? try runner.runFree(scenario, operator: person, control: control, seed: seed)
                : try runner.run(scenario, operator: person, control: control, seed: seed)
        } catch {
            dashboard?.stop()
            server?.stop()
            Console.error("error: \(error)")
            throw ExitCode.environmentError
        }
        if let dashboard {
            let cost = dashboard.stop()
            Console.progress("dashboard: \(cost.frames) frames, \(String(format: "%.2f", cost.meanDrawMs)) ms each on average")
        }
        server?.stop()
        print(VerdictPrinter.render(result.outcome, brief: Console.verbosity == .quiet))
        print("minutes: \(result.minutes)")
        if result.outcome.exitCode != 0 { throw ExitCode(result.outcome.exitCode) }
    }

    private func makeOperator(dashboard: DashboardTerminal?, show: @escaping @Sendable ([String]) -> Void) throws -> any GamedayOperator {
        guard let keys else { return TerminalOperator(dashboard: dashboard) }
        // Read as a stream, so that /dev/null (every answer Enter) or a pipe work too.
        guard let handle = FileHandle(forReadingAtPath: keys), let data = try? handle.readToEnd() ?? Data() else {
            Console.error("error: cannot read the keys file \(keys)")
            throw ExitCode.invalidInput
        }
        let text = String(decoding: data, as: UTF8.self)
        do {
            return GamedayKeysFile(entries: try GamedayKeysFile.parse(text, file: keys), display: show)
        } catch {
            Console.error("error: \(error)")
            throw ExitCode.invalidInput
        }
    }
}

/// `chaos note TEXT`: a note for the game day running on this platform, from any terminal.
struct NoteCommand: ParsableCommand, ConsoleCommand {
    static let configuration = CommandConfiguration(
        commandName: "note", abstract: "Add a note to the game day that is running (from any terminal); it lands on the exercise's timeline.")

    @Argument(help: "The note.")
    var text: [String]
    @Option(help: ArgumentHelp("Who writes it.", valueName: "name"))
    var author: String?
    @OptionGroup var platform: PlatformOption
    @OptionGroup var global: GlobalOptions

    func run() throws {
        let board = GamedayNoteBoard(stateDirectory: try platform.resolve().stateDirectory)
        let active = try environment { try board.post(text.joined(separator: " "), author: author) }
        print("noted for the game day \(active.runID)")
    }
}
