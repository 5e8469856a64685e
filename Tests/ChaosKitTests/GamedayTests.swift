// The game day without a cluster: the answers an operator types, a keys file, the sanitizing of what people
// type, and a whole exercise on the fake platform (a fault run and marked, a step skipped, an abort that heals),
// with its record and minutes.

import Foundation
import Testing
@testable import ChaosKit

struct GamedayTests {
    /// A scenario from `text` (without writers: there is no database) on the fake platform, in a throwaway state directory.
    static func fake(_ text: String) throws -> (Scenario, FakePlatform, String) {
        let state = NSTemporaryDirectory() + "chaos-gameday-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: state, withIntermediateDirectories: true)
        // The run copies its scenario file into the run folder: it must exist.
        let file = state + "/scenario.yaml"
        try text.write(toFile: file, atomically: true, encoding: .utf8)
        var scenario = try #require(ScenarioLoader(capabilities: .everything).load(text: text, file: file).scenario)
        scenario.workload.paths = []
        return (scenario, FakePlatform(control: RecordingNodeControl(), stateDirectory: state), state)
    }

    /// Removes the state directory and the run lock file named after it.
    static func clean(_ state: String) {
        try? FileManager.default.removeItem(atPath: RunLock.lockPath(stateDirectory: state))
        try? FileManager.default.removeItem(atPath: state)
    }

    @Test func typedLinesBecomeAnswers() {
        #expect(GamedayAnswer.parse("") == .go)
        #expect(GamedayAnswer.parse("   ") == .go)
        #expect(GamedayAnswer.parse("s") == .skip)
        #expect(GamedayAnswer.parse("n PgPool-II is slow") == .note("PgPool-II is slow"))
        #expect(GamedayAnswer.parse("n") == .note(""))
        #expect(GamedayAnswer.parse("w") == .waitLonger)
        #expect(GamedayAnswer.parse("a") == .abort)
        #expect(GamedayAnswer.parse("y") == .expected(nil))
        #expect(GamedayAnswer.parse("y  as the docs say ") == .expected("as the docs say"))
        #expect(GamedayAnswer.parse("x 30 s, not 15") == .unexpected("30 s, not 15"))
        #expect(GamedayAnswer.parse("yes") == .unknown("yes"), "a key is one letter")
        #expect(GamedayAnswer.parse("s now") == .unknown("s now"), "skip takes no text")
        #expect(GamedayAnswer.parse("q") == .unknown("q"))
    }

    @Test func aKeysFileHasPausesCommentsAndEmptyAnswers() throws {
        let entries = try GamedayKeysFile.parse("# the exercise of 1 December\n+0.5 n primary is pg1\n\n+1\ny fine\n", file: "keys.txt")
        #expect(entries == [.init(pause: 0.5, line: "n primary is pg1"), .init(pause: 0, line: ""), .init(pause: 1, line: ""),
                            .init(pause: 0, line: "y fine")])
        #expect(throws: RunError.self) { try GamedayKeysFile.parse("y\n+soon y\n", file: "keys.txt") }
        do {
            _ = try GamedayKeysFile.parse("y\n+soon y\n", file: "keys.txt")
        } catch {
            #expect(error.message.hasPrefix("keys.txt:2:1:"), "\(error)")
        }
        #expect(throws: RunError.self) { try GamedayKeysFile.parse("+99999 y\n", file: "k") }
    }

    @Test func whatPeopleTypeLosesItsControlCharacters() {
        #expect(GamedayText.sanitize("Al\u{1b}[31mice\u{7}") == "Al[31mice")
        #expect(GamedayText.sanitize("two\tcolumns\nand a line\r") == "two columns and a line")
        #expect(GamedayText.sanitize("Zoë ✓") == "Zoë ✓")
        #expect(GamedayRecord(runID: "r", operators: ["Bo\u{0}b"], entries: []).operators == ["Bob"])
    }

    @Test(.timeLimit(.minutes(2))) func aStopWhileTheOperatorDecidesEndsTheWaitAndTheMinutesAreWritten() throws {
        let (scenario, platform, state) = try Self.fake("title: stop\nworkload: {warmup: 0s, cooldown: 0s, rate: 5}\nmethod:\n  - name: only\n    wait: 100ms\n")
        defer { Self.clean(state) }
        // The operator would answer only after a minute; the run is stopped (as by a stop condition or a signal)
        // as soon as the step is shown.
        let control = RunControl()
        let person = GamedayKeysFile(entries: [.init(pause: 60, line: "")], display: { lines in
            if lines.contains(where: { $0.contains("step 1 of 1") }) { control.abort("test stop") }
        })
        let started = ContinuousClock.now
        let (outcome, minutes) = try GamedayRunner(engine: RunEngine(platform: platform, runsDirectory: state + "/runs"), operators: [])
            .run(scenario, operator: person, control: control, seed: 1)
        #expect(ContinuousClock.now - started < .seconds(30), "the prompt gave up when the run stopped")
        #expect(outcome.record.verdict == .aborted)
        #expect(outcome.record.steps.filter { $0.phase == "method" }.isEmpty, "the step never ran")
        #expect(outcome.record.reason?.contains("test stop") == true, "\(outcome.record.reason ?? "")")
        #expect(FileManager.default.fileExists(atPath: minutes))
    }

    @Test(.timeLimit(.minutes(2))) func anExerciseIsDecidedMarkedAbortedAndMinuted() throws {
        let text = """
            title: drill
            workload: {warmup: 0s, cooldown: 0s, rate: 5}
            method:
              - name: stop-replica
                fault: stop
                target: pg2
                service: postgres
                expect: pg2 stops; the primary does not notice
              - name: pause
                wait: 200ms
              - name: last
                wait: 100ms

            """
        let (scenario, platform, state) = try Self.fake(text)
        defer { Self.clean(state) }
        let control = platform.control
        #expect(scenario.method.first?.expect == "pg2 stops; the primary does not notice")
        let shown = Locked([String]())
        let keys = try GamedayKeysFile.parse("n before we start\nq\n\nn it restarted at once\nx took 300 ms, not 1 s\ns\na\n", file: "keys")
        let person = GamedayKeysFile(entries: keys, display: { lines in shown.withLock { $0 += lines } })
        let runner = GamedayRunner(engine: RunEngine(platform: platform, runsDirectory: state + "/runs"), operators: ["Alice", "B\u{7}ob"])
        let (outcome, minutesPath) = try runner.run(scenario, operator: person, seed: 1)

        let steps = outcome.record.steps.filter { $0.phase == "method" }
        #expect(steps.map(\.name) == ["stop-replica", "pause"], "the last step never ran: \(steps.map(\.name))")
        #expect(steps.first?.outcome == "ok")
        #expect(outcome.record.faults.first?.endNs != nil, "the fault window closes at the heal")
        #expect(steps.last?.outcome == "skipped")
        #expect(outcome.record.verdict == .aborted)
        #expect(outcome.record.reason?.contains("operator aborted") == true, "\(outcome.record.reason ?? "")")
        // The fault was still in effect when the operator aborted: the abort healed it.
        #expect(outcome.record.steps.contains { $0.name == "heal-stop-replica" && $0.phase == "heal" && $0.outcome == "ok" },
                "\(outcome.record.steps.map(\.name))")
        #expect(control.actions.contains("start patroni on pg2"), "the fault was healed: \(control.actions)")
        #expect(try platform.journal.unhealed().isEmpty)
        let screen = shown.withLock { $0 }
        #expect(screen.contains { $0.contains("step 1 of 3: stop-replica") }, "\(screen)")
        #expect(screen.contains { $0.contains("expect: pg2 stops") })
        #expect(screen.contains { $0.contains("targets: pg2") }, "the fault's plan is shown before it runs: \(screen)")
        #expect(screen.contains { $0.contains("means nothing before a step") }, "an unknown key gets a hint")

        let data = try Data(contentsOf: URL(fileURLWithPath: outcome.directory).appendingPathComponent("gameday.json"))
        let record = try JSONDecoder().decode(GamedayRecord.self, from: data)
        #expect(record.operators == ["Alice", "Bob"])
        #expect(record.entries.filter { $0.kind == .decision }.map(\.text) == ["run", "skip", "abort"])
        #expect(record.entries.filter { $0.kind == .note }.map(\.text) == ["before we start", "it restarted at once"])
        let mark = try #require(record.entries.first { $0.kind == .mark })
        #expect(mark.step == "stop-replica" && mark.expected == false && mark.text == "took 300 ms, not 1 s")
        #expect(record.entries.map(\.seconds) == record.entries.map(\.seconds).sorted(), "entries are stamped in order on the run's clock")

        let minutes = try String(contentsOfFile: minutesPath, encoding: .utf8)
        #expect(minutes.contains("| Participants | Alice, Bob |"))
        #expect(minutes.contains("| stop-replica | pg2 stops; the primary does not notice | ok"), "\(minutes)")
        #expect(minutes.contains("**not as expected** | took 300 ms, not 1 s |"))
        #expect(minutes.contains("| pause | — | skipped"))
        #expect(minutes.contains("- **stop-replica** did not go as expected: took 300 ms, not 1 s"))
        #expect(minutes.contains("fault `stop` on pg2"))
        #expect(minutes.contains("decision: abort"))
        #expect(minutes.contains("**ABORTED**"))

        let report = try String(contentsOfFile: outcome.directory + "/report.html", encoding: .utf8)
        #expect(report.contains("NOT as expected (stop-replica): took 300 ms, not 1 s"), "report.html lists the marks")

        // `chaos report` writes the same minutes again from run.json and gameday.json.
        try FileManager.default.removeItem(atPath: minutesPath)
        try RunDirectory(url: URL(fileURLWithPath: outcome.directory)).rerender()
        #expect(try String(contentsOfFile: minutesPath, encoding: .utf8) == minutes)
    }
}
