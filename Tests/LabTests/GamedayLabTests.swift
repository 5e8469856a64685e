// A game day in a real terminal: tmux (its own server, on its own socket) runs `chaos gameday
// scenarios/primary-kill.yaml` against the tests' lab; keys are sent as an operator types them, the screen is
// read back with capture-pane, and afterwards the run folder holds the notes, the marks and the minutes.

import ChaosKit
import Foundation
import Testing

extension LabSuite {
    @Suite(.serialized) struct GamedayLabTests {
        let lab = LabSupport.controller()

        /// The repository (for the scenario's absolute path).
        static let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent()

        @Test(.timeLimit(.minutes(8))) func anOperatorDrivesPrimaryKillInARealTerminal() throws {
            let lock = LabTestLock()
            defer { withExtendedLifetime(lock) {} }
            guard FileManager.default.isExecutableFile(atPath: "/usr/bin/tmux") else {
                print("SKIPPED: anOperatorDrivesPrimaryKillInARealTerminal needs tmux (scripts/install-deps.sh installs it)")
                return
            }
            try LabSupport.ensureHealthy(lab)
            let socket = "chaos-gameday-test-\(UUID().uuidString.prefix(8))"
            func tmux(_ arguments: [String]) -> CommandResult {
                LabSupport.runner.run(["tmux", "-L", socket] + arguments, timeout: .seconds(10))
            }
            let runs = NSTemporaryDirectory() + "chaos-gameday-runs-\(UUID().uuidString)"
            func screen() -> String { tmux(["capture-pane", "-p", "-J", "-S", "-2000", "-t", "drill"]).standardOutput }
            defer {
                // Whatever happened, the exercise is interrupted from its own keyboard (Ctrl-C: it heals what it
                // injected and writes its minutes) and waited for, before our own tmux server (this test's socket
                // only) goes.
                if tmux(["has-session", "-t", "drill"]).succeeded, !screen().contains("CHAOS-EXIT=") {
                    _ = tmux(["send-keys", "-t", "drill", "C-c"])
                    let deadline = ContinuousClock.now + .seconds(180)
                    while !screen().contains("CHAOS-EXIT="), ContinuousClock.now < deadline { Thread.sleep(forTimeInterval: 0.5) }
                }
                _ = tmux(["kill-server"])
                try? FileManager.default.removeItem(atPath: runs)
            }
            let environment = ["CHAOS_INFRA_DIR", "CHAOS_LAB_DIR", "CHAOS_LAB_NETWORK", "CHAOS_PLATFORM"]
                .compactMap { key in LabSupport.environment[key].map { "\(key)=\($0)" } }
            let command = ["env"] + environment + [LabSupport.chaosBinary, "gameday",
                                                   Self.repository.appendingPathComponent("scenarios/primary-kill.yaml").path,
                                                   "--operator", "Alice", "--operator", "Bob", "--runs-directory", runs]
            // Started as a service is: detached from our pipes (the server outlives the command) and with no signal
            // blocked (a command the runner starts has the interrupt signals blocked, and `chaos gameday` in the pane
            // would inherit that).
            let client = try ServiceSpawner.start(ServiceLaunch(
                namespace: nil, user: "root",
                command: ["/usr/bin/tmux", "-L", socket, "new-session", "-d", "-s", "drill", "-x", "200", "-y", "80",
                          ShellQuote.join(command) + "; echo CHAOS-EXIT=$?; sleep 600"],
                environment: ["PATH": "/usr/sbin:/usr/bin:/sbin:/bin", "TERM": "xterm-256color"], logFile: "/dev/null"))
            let deadline = ContinuousClock.now + .seconds(10)
            while ProcessTable.isAlive(client), ContinuousClock.now < deadline {
                ProcessTable.reap(client)
                Thread.sleep(forTimeInterval: 0.05)
            }
            try #require(tmux(["has-session", "-t", "drill"]).succeeded, "tmux did not start the session")
            /// Waits until the screen shows `text` at least `count` times.
            func waitFor(_ text: String, count: Int = 1, timeout: Duration = .seconds(150)) throws {
                let deadline = ContinuousClock.now + timeout
                while screen().components(separatedBy: text).count - 1 < count {
                    guard ContinuousClock.now < deadline else {
                        Issue.record("the screen never showed \(text.debugDescription) \(count)×:\n\(screen())")
                        throw CancellationError()
                    }
                    Thread.sleep(forTimeInterval: 0.3)
                }
            }
            func type(_ line: String) { _ = tmux(["send-keys", "-t", "drill", "-l", line]); _ = tmux(["send-keys", "-t", "drill", "Enter"]) }

            try waitFor("run kill-primary?")
            #expect(screen().contains("step 1 of 5: kill-primary"))
            #expect(screen().contains("targets: "), "the resolved targets are shown before the fault")
            type("n the drill starts; pg1 leads")
            try waitFor("noted")
            type("")  // run it
            try waitFor("as expected?")
            type("y")
            try waitFor("run failover?")
            type("")
            try waitFor("as expected?", count: 2)
            type("x PgPool-II lagged behind the direct path")
            for (number, step) in ["writes-resume", "restart-old-primary", "rejoin"].enumerated() {
                try waitFor("run \(step)?")
                type("")
                try waitFor("as expected?", count: 3 + number)
                type("")
            }
            try waitFor("CHAOS-EXIT=")
            let text = screen()
            // The counters move from step to step, and the outage clock of each path is on screen.
            let counters = text.split(separator: "\n").filter { $0.contains("direct: ") && $0.contains(" ok, ") }.map(String.init)
            #expect(counters.count >= 5 && Set(counters).count > 1, "\(counters)")
            #expect(text.contains("longest without an ack so far"))
            #expect(text.contains("CHAOS-EXIT=0"), "the run did not pass:\n\(text)")

            let folder = try #require(try FileManager.default.contentsOfDirectory(atPath: runs).first { $0.hasSuffix("_primary-kill") })
            let directory = URL(fileURLWithPath: runs).appendingPathComponent(folder)
            let record = try JSONDecoder().decode(GamedayRecord.self, from: Data(contentsOf: directory.appendingPathComponent("gameday.json")))
            #expect(record.operators == ["Alice", "Bob"])
            #expect(record.entries.filter { $0.kind == .decision }.map(\.text) == Array(repeating: "run", count: 5))
            #expect(record.entries.contains { $0.kind == .note && $0.text == "the drill starts; pg1 leads" })
            let marks = record.entries.filter { $0.kind == .mark }
            #expect(marks.map(\.step) == ["kill-primary", "failover"] && marks.map(\.expected) == [true, false], "\(marks)")
            let minutes = try String(contentsOf: directory.appendingPathComponent("gameday.md"), encoding: .utf8)
            #expect(minutes.contains("| Participants | Alice, Bob |"))
            #expect(minutes.contains("- **failover** did not go as expected: PgPool-II lagged behind the direct path"), "\(minutes)")
            #expect(minutes.contains("fault `kill` on "))
            #expect(minutes.contains("| direct | "), "the measured RTO per path is in the minutes")
        }
    }
}
