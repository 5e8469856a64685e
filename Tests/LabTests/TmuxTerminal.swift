// A real terminal for the game day's lab tests: a tmux server of the test's own (its own socket), a session
// running one command started as a service is (detached from the runner's pipes, no signal blocked), keys
// sent as a person types them, and the screen read back with capture-pane.

import ChaosKit
import Foundation
import Testing

/// One tmux session on a private server.
struct TmuxTerminal {
    let socket = "chaos-gameday-test-\(UUID().uuidString.prefix(8))"
    let session = "drill"

    private func tmux(_ arguments: [String]) -> CommandResult {
        LabSupport.runner.run(["tmux", "-L", socket] + arguments, timeout: .seconds(10))
    }

    /// Starts `command` (then `echo CHAOS-EXIT=$?`) in a `width` × `height` terminal.
    func start(_ command: [String], width: Int = 200, height: Int = 60) throws {
        let client = try ServiceSpawner.start(ServiceLaunch(
            namespace: nil, user: "root",
            command: ["/usr/bin/tmux", "-L", socket, "new-session", "-d", "-s", session, "-x", "\(width)", "-y", "\(height)",
                      ShellQuote.join(command) + "; echo CHAOS-EXIT=$?; sleep 600"],
            environment: ["PATH": "/usr/sbin:/usr/bin:/sbin:/bin", "TERM": "xterm-256color"], logFile: "/dev/null"))
        let deadline = ContinuousClock.now + .seconds(10)
        while ProcessTable.isAlive(client), ContinuousClock.now < deadline {
            ProcessTable.reap(client)
            Thread.sleep(forTimeInterval: 0.05)
        }
        try #require(tmux(["has-session", "-t", session]).succeeded, "tmux did not start the session")
    }

    /// The visible screen, one element per row (the last is the bottom row).
    func rows() -> [String] {
        tmux(["capture-pane", "-p", "-t", session]).standardOutput.split(separator: "\n", omittingEmptySubsequences: false).dropLast().map(String.init)
    }

    /// The screen with its scrollback.
    func history() -> String { tmux(["capture-pane", "-p", "-J", "-S", "-3000", "-t", session]).standardOutput }

    /// Waits until `condition` holds for the visible screen; records the screen and throws when it never does.
    func waitUntil(_ what: String, timeout: Duration = .seconds(150), _ condition: ([String]) -> Bool) throws {
        let deadline = ContinuousClock.now + timeout
        while !condition(rows()) {
            guard ContinuousClock.now < deadline else {
                Issue.record("the screen never showed \(what):\n\(rows().joined(separator: "\n"))")
                throw CancellationError()
            }
            Thread.sleep(forTimeInterval: 0.3)
        }
    }

    /// Waits until the bottom row (where the dashboard asks) starts with `prompt`.
    func waitForPrompt(_ prompt: String, timeout: Duration = .seconds(150)) throws {
        try waitUntil("the prompt \(prompt.debugDescription)", timeout: timeout) { $0.last?.hasPrefix(prompt) == true }
    }

    /// Waits until the scrollback shows `text`.
    func waitForHistory(_ text: String, timeout: Duration = .seconds(150)) throws {
        let deadline = ContinuousClock.now + timeout
        while !history().contains(text) {
            guard ContinuousClock.now < deadline else {
                Issue.record("the terminal never showed \(text.debugDescription):\n\(history())")
                throw CancellationError()
            }
            Thread.sleep(forTimeInterval: 0.5)
        }
    }

    /// Types `line` and Enter.
    func type(_ line: String) {
        if !line.isEmpty { _ = tmux(["send-keys", "-t", session, "-l", line]) }
        _ = tmux(["send-keys", "-t", session, "Enter"])
    }

    /// Interrupts what runs from its own keyboard (Ctrl-C: a game day heals and writes its minutes), waits for it
    /// to exit, and stops this test's tmux server.
    func close() {
        if tmux(["has-session", "-t", session]).succeeded, !history().contains("CHAOS-EXIT=") {
            _ = tmux(["send-keys", "-t", session, "C-c"])
            let deadline = ContinuousClock.now + .seconds(180)
            while !history().contains("CHAOS-EXIT="), ContinuousClock.now < deadline { Thread.sleep(forTimeInterval: 0.5) }
        }
        _ = tmux(["kill-server"])
    }

    /// The number after `label ` on the first visible row that starts with `lane` (e.g. the direct lane's `ok`).
    func counter(lane: String, label: String) -> Int? {
        guard let row = rows().first(where: { $0.hasPrefix("  \(lane) ") }),
              let range = row.range(of: "\(label) ") else { return nil }
        return Int(row[range.upperBound...].prefix { $0.isNumber })
    }
}
