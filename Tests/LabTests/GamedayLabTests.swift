// Game days in a real terminal: tmux (its own server, on its own socket) runs `chaos gameday` against the tests'
// lab with its full-screen dashboard; keys are sent as an operator types them, the screen is read back with
// capture-pane. One exercise is scripted (primary-kill.yaml, decided and marked step by step); one is free: a
// fault injected and healed with `chaos fault` from outside, a note from `chaos note`, and the page of
// `--web` read in headless Chromium while the fault runs.

import ChaosKit
import Foundation
import Testing

extension LabSuite {
    @Suite(.serialized) struct GamedayLabTests {
        let lab = LabSupport.controller()

        /// The repository (for the scenario's absolute path and the browser probe).
        static let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent()

        static var labEnvironment: [String] {
            ["CHAOS_INFRA_DIR", "CHAOS_LAB_DIR", "CHAOS_LAB_NETWORK", "CHAOS_PLATFORM"].compactMap { key in LabSupport.environment[key].map { "\(key)=\($0)" } }
        }

        static func tmuxMissing(_ test: String) -> Bool {
            guard FileManager.default.isExecutableFile(atPath: "/usr/bin/tmux") else {
                print("SKIPPED: \(test) needs tmux (scripts/install-deps.sh installs it)")
                return true
            }
            return false
        }

        @Test(.timeLimit(.minutes(8))) func anOperatorDrivesPrimaryKillInARealTerminal() throws {
            let lock = LabTestLock()
            defer { withExtendedLifetime(lock) {} }
            if Self.tmuxMissing("anOperatorDrivesPrimaryKillInARealTerminal") { return }
            try LabSupport.ensureHealthy(lab)
            let terminal = TmuxTerminal()
            let runs = NSTemporaryDirectory() + "chaos-gameday-runs-\(UUID().uuidString)"
            defer {
                terminal.close()
                try? FileManager.default.removeItem(atPath: runs)
            }
            try terminal.start(["env"] + Self.labEnvironment + [
                LabSupport.chaosBinary, "gameday", Self.repository.appendingPathComponent("scenarios/primary-kill.yaml").path,
                "--operator", "Alice", "--operator", "Bob", "--runs-directory", runs])

            try terminal.waitForPrompt("run kill-primary?")
            var screen = terminal.rows().joined(separator: "\n")
            #expect(screen.contains("step 1 of 5: kill-primary"))
            #expect(screen.contains("targets: "), "the resolved targets are shown before the fault")
            #expect(screen.contains("NODES") && screen.contains("WRITES"), "the dashboard is on screen:\n\(screen)")
            let before = try #require(terminal.counter(lane: "direct", label: "ok"))
            terminal.type("n the drill starts; pg1 leads")
            try terminal.waitUntil("noted") { $0.contains { $0.contains("noted") } }
            try terminal.waitForPrompt("run kill-primary?")
            terminal.type("")  // run it
            try terminal.waitForPrompt("as expected?")
            // Just after the kill the direct path is down, and its lane's outage clock runs.
            screen = terminal.rows().joined(separator: "\n")
            #expect(terminal.rows().contains { $0.hasPrefix("  direct ") && $0.contains("DOWN ") }, "no outage clock:\n\(screen)")
            terminal.type("y")
            try terminal.waitForPrompt("run failover?")
            terminal.type("")
            try terminal.waitForPrompt("as expected?")
            terminal.type("x PgPool-II lagged behind the direct path")
            for step in ["writes-resume", "restart-old-primary", "rejoin"] {
                try terminal.waitForPrompt("run \(step)?")
                if step == "writes-resume" {
                    let after = try #require(terminal.counter(lane: "direct", label: "ok"))
                    #expect(after > before + 100, "the direct lane's counter moves: \(before) → \(after)")
                }
                terminal.type("")
                try terminal.waitForPrompt("as expected?")
                terminal.type("")
            }
            try terminal.waitForHistory("CHAOS-EXIT=")
            // On the way out the exercise's text is printed: the scrollback tells the story.
            let text = terminal.history()
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

        @Test(.timeLimit(.minutes(8))) func aFreeExerciseMeasuresAFaultInjectedFromAnotherTerminal() throws {
            let lock = LabTestLock()
            defer { withExtendedLifetime(lock) {} }
            if Self.tmuxMissing("aFreeExerciseMeasuresAFaultInjectedFromAnotherTerminal") { return }
            try LabSupport.ensureHealthy(lab)
            let terminal = TmuxTerminal()
            let runs = NSTemporaryDirectory() + "chaos-gameday-runs-\(UUID().uuidString)"
            defer {
                terminal.close()
                try? LabSupport.expectNoFaultLeft(lab)
                try? FileManager.default.removeItem(atPath: runs)
            }
            let port = 18_000 + Int.random(in: 0..<2000)
            try terminal.start(["env"] + Self.labEnvironment + [
                LabSupport.chaosBinary, "gameday", "--free", "--duration", "4m", "--rate", "50", "--operator", "Carol",
                "--web", "127.0.0.1:\(port)", "--runs-directory", runs])
            try terminal.waitForPrompt("n TEXT note · e end the exercise")
            try terminal.waitUntil("writes on both lanes") { _ in (terminal.counter(lane: "pgpool", label: "ok") ?? 0) > 50 }

            /// `chaos …` from "another terminal".
            func chaos(_ arguments: [String]) -> CommandResult {
                LabSupport.runner.run(["env"] + Self.labEnvironment + [LabSupport.chaosBinary] + arguments, timeout: .seconds(60))
            }
            let noted = chaos(["note", "--author", "Dan", "killing the primary now"])
            #expect(noted.succeeded, "\(noted.standardError)")
            let firedAfter = Date()
            let inject = chaos(["fault", "inject", "kill", "--target", "primary"])
            let firedBefore = Date()
            try #require(inject.succeeded, "\(inject.standardError)")
            let id = try #require(inject.standardOutput.split(separator: " ").last { $0.hasPrefix("f-") }.map { $0.trimmingCharacters(in: .whitespacesAndNewlines) })
            try terminal.waitUntil("the fault on a node's lane") { $0.contains { $0.contains("⚡ \(id)") } }

            // The page for the room follows the fault live.
            let probe = Self.repository.appendingPathComponent("scripts/browser-probe.py").path
            if FileManager.default.isExecutableFile(atPath: "/usr/bin/chromium") {
                let expression = "JSON.stringify({updates: Number(document.body.dataset.updates || 0), faults: document.getElementById('faults').textContent, "
                    + "direct: document.querySelector(\"[data-path='direct'] span\").textContent})"
                let page = LabSupport.runner.run(["python3", probe, "http://127.0.0.1:\(port)/", "--expr", expression, "--at", "1.5", "--at", "3.5"],
                                                 timeout: .seconds(90))
                #expect(page.succeeded, "\(page.standardError)")
                struct Reading: Decodable { var value: String }
                struct Page: Decodable { var updates: Int, faults: String, direct: String }
                let readings = try page.standardOutput.split(separator: "\n").map {
                    try JSONDecoder().decode(Page.self, from: Data(try JSONDecoder().decode(Reading.self, from: Data($0.utf8)).value.utf8))
                }
                try #require(readings.count == 2, "\(page.standardOutput)")
                #expect(readings[1].updates >= readings[0].updates + 5, "the page updates while the fault runs (about 5 times a second): \(readings)")
                #expect(readings[0].faults.contains(id), "\(readings)")
                #expect(readings[0].direct != readings[1].direct, "the direct lane's counters move: \(readings)")
            } else {
                print("SKIPPED: the browser check of aFreeExerciseMeasuresAFaultInjectedFromAnotherTerminal needs chromium (scripts/install-deps.sh installs it)")
            }

            try terminal.waitUntil("the direct path back up", timeout: .seconds(60)) { $0.contains { $0.hasPrefix("  direct ") && $0.contains(" up ") } }
            let healed = chaos(["fault", "heal", id])
            #expect(healed.succeeded, "\(healed.standardError)")
            try terminal.waitUntil("the fault gone from the lanes") { !$0.contains { $0.contains("⚡") } }
            terminal.type("e")
            try terminal.waitForHistory("CHAOS-EXIT=", timeout: .seconds(240))
            #expect(terminal.history().contains("CHAOS-EXIT=0"), "\(terminal.history())")

            let folder = try #require(try FileManager.default.contentsOfDirectory(atPath: runs).first { $0.hasSuffix("_gameday-free") })
            let directory = URL(fileURLWithPath: runs).appendingPathComponent(folder)
            let run = try JSONDecoder().decode(RunRecord.self, from: Data(contentsOf: directory.appendingPathComponent("run.json")))
            let window = try #require(run.faults.first { $0.step == id }, "the fault is the run's: \(run.faults)")
            #expect(window.kind == "kill" && window.endNs != nil)
            // The fault sits on the run's clock where it fired: between the moments `chaos fault inject` started and returned.
            let origin = try #require(run.clockOrigin.flatMap(Self.date))
            let fired = origin.addingTimeInterval(Double(window.startNs) / 1e9)
            #expect(fired >= firedAfter.addingTimeInterval(-0.05) && fired <= firedBefore, "fault at \(fired), command ran \(firedAfter)…\(firedBefore)")
            #expect(run.firstFaultNs == window.startNs)
            let rto = try #require(run.results?.paths.first { $0.path == .direct }?.rtoNs, "RTO is computed from the recorded fault")
            #expect(rto > 1_000_000_000 && rto < 60_000_000_000, "\(rto)")
            let gameday = try JSONDecoder().decode(GamedayRecord.self, from: Data(contentsOf: directory.appendingPathComponent("gameday.json")))
            #expect(gameday.entries.contains { $0.kind == .note && $0.text == "Dan: killing the primary now" })
            #expect(gameday.entries.contains { $0.kind == .decision && $0.text == "end" })
        }

        /// A run's clock origin (ISO 8601 with microseconds) as a date.
        static func date(_ text: String) -> Date? {
            let parts = text.dropLast().split(separator: ".")  // "2026-12-01T20:42:35" "123456" (the Z dropped)
            guard parts.count == 2, let whole = ISO8601DateFormatter().date(from: parts[0] + "Z"), let fraction = Double("0." + parts[1]) else { return nil }
            return whole.addingTimeInterval(fraction)
        }
    }
}
