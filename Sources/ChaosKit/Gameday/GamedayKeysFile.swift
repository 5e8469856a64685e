// A keys file drives a game day without a person, for CI and to replay an exercise: one answer per line, as the
// operator would type it, after an optional `+SECONDS` pause. `#` starts a comment line; a line `+2` alone is two
// seconds then Enter. When the file runs out, every later prompt is answered with Enter.

import Foundation

/// Answers read from a keys file.
public final class GamedayKeysFile: GamedayOperator {
    /// One scripted answer: a pause, then the line.
    public struct Entry: Sendable, Equatable {
        /// Seconds to wait before answering.
        public var pause: Double
        /// The line, as typed.
        public var line: String
    }

    private let entries: Locked<[Entry]>
    private let display: @Sendable ([String]) -> Void

    /// Answers from `entries`, showing text through `display`.
    public init(entries: [Entry], display: @escaping @Sendable ([String]) -> Void) {
        self.entries = Locked(entries)
        self.display = display
    }

    /// Reads a keys file; a bad pause is an error naming the file and line (it stops the game day before it starts).
    public static func parse(_ text: String, file: String) throws(RunError) -> [Entry] {
        var entries: [Entry] = []
        var lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        if lines.last == "" { lines.removeLast() }  // the file's final newline is not an Enter
        for (number, line) in lines.enumerated() {
            if line.trimmingCharacters(in: .whitespaces).hasPrefix("#") { continue }
            guard line.hasPrefix("+") else {
                entries.append(Entry(pause: 0, line: line))
                continue
            }
            let word = line.dropFirst().prefix { !$0.isWhitespace }
            guard let seconds = Double(word), seconds.isFinite, seconds >= 0, seconds <= 3600 else {
                throw RunError("\(file):\(number + 1):1: '+\(word)' is not a pause in seconds (0 to 3600)",
                                   hint: "write `+2 y` for two seconds, then the answer `y`")
            }
            let rest = line.dropFirst(1 + word.count)
            entries.append(Entry(pause: seconds, line: String(rest.hasPrefix(" ") ? rest.dropFirst() : rest)))
        }
        return entries
    }

    /// Whether every scripted answer was given.
    public var isExhausted: Bool { entries.withLock { $0.isEmpty } }

    public func show(_ lines: [String]) { display(lines) }

    public func answer(_ prompt: String, stopped: @escaping @Sendable () -> Bool) -> GamedayAnswer? {
        guard let next = entries.withLock({ $0.isEmpty ? nil : $0.removeFirst() }) else {
            display(["\(prompt) ⏎ (the keys file has no more answers)"])
            return .go
        }
        let deadline = ContinuousClock.now + .milliseconds(Int(next.pause * 1000))
        while ContinuousClock.now < deadline {
            if stopped() { return nil }
            Thread.sleep(forTimeInterval: 0.05)
        }
        display(["\(prompt) \(next.line.isEmpty ? "⏎" : next.line)"])
        return GamedayAnswer.parse(next.line)
    }
}
