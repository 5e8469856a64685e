// The game day's operator at a terminal: prompts and answers line by line on standard output and input
// (polled, so an interrupt is noticed while waiting), or, with the dashboard, in its room at the bottom of
// the screen. Closed input (the terminal went away) ends the prompts, and the game day then aborts: every
// fault is healed and the minutes are written.

import ChaosKit
import Foundation

/// Answers typed at the terminal.
final class TerminalOperator: GamedayOperator, @unchecked Sendable {
    private let lock = NSLock()
    private var buffer: [UInt8] = []
    private var closed = false
    private let dashboard: DashboardTerminal?

    /// An operator at the terminal; with `dashboard`, the text and the prompts go to the dashboard's screen.
    init(dashboard: DashboardTerminal? = nil) { self.dashboard = dashboard }

    func show(_ lines: [String]) {
        if let dashboard { return dashboard.append(lines) }
        for line in lines { print(line) }
    }

    func answer(_ prompt: String, stopped: @escaping @Sendable () -> Bool) -> GamedayAnswer? {
        lock.lock()
        defer { lock.unlock() }
        guard let line = ask(prompt, stopped) else { return nil }
        if case .note(let text) = GamedayAnswer.parse(line), text.isEmpty {
            return ask("note:", stopped).map { GamedayAnswer.note($0) }
        }
        return GamedayAnswer.parse(line)
    }

    private func ask(_ prompt: String, _ stopped: () -> Bool) -> String? {
        if let dashboard { return dashboard.readLine(prompt, stopped: stopped) }
        print(prompt, terminator: " ")
        fflush(nil)  // every stream: the prompt has no newline
        return nextLine(stopped)
    }

    /// The next line of standard input; nil once it is closed or the run was stopped.
    private func nextLine(_ stopped: () -> Bool) -> String? {
        while true {
            if let newline = buffer.firstIndex(of: 10) {
                let line = String(decoding: buffer[..<newline], as: UTF8.self)
                buffer.removeSubrange(...newline)
                return line
            }
            if closed || stopped() {
                print("")
                return nil
            }
            var descriptor = pollfd(fd: STDIN_FILENO, events: Int16(POLLIN), revents: 0)
            guard poll(&descriptor, 1, 200) > 0 else { continue }
            var chunk = [UInt8](repeating: 0, count: 1024)
            let count = read(STDIN_FILENO, &chunk, chunk.count)
            if count <= 0 {
                closed = true
                if !buffer.isEmpty { buffer.append(10) }
                continue
            }
            buffer += chunk[0..<count]
        }
    }
}
