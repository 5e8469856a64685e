// What a game day adds to its run: who took part, and every decision, note and mark with its time
// (`gameday.json` in the run folder, next to run.json).

import Foundation

/// One thing the operator did or wrote.
public struct GamedayEntry: Codable, Sendable, Equatable {
    /// What kind of entry.
    public enum Kind: String, Codable, Sendable {
        /// Run, skip, wait longer or abort, before a step.
        case decision
        /// A note, at any prompt (or from `chaos note`).
        case note
        /// As expected or not, after a step.
        case mark
    }

    /// What kind of entry.
    public var kind: Kind
    /// The step it is about; nil for a note between steps.
    public var step: String?
    /// Seconds since the method started, on the run's clock.
    public var seconds: Double
    /// The wall clock (UTC, ISO 8601), to line up with people's own notes.
    public var wallClock: String
    /// The decision (`run`, `skip`, `wait`, `abort`), the note, or the mark's comment; control characters removed.
    public var text: String
    /// For a mark: whether the step went as expected.
    public var expected: Bool?

    /// An entry; `text` is sanitized.
    public init(kind: Kind, step: String?, seconds: Double, wallClock: String = GamedayEntry.now(), text: String, expected: Bool? = nil) {
        self.kind = kind
        self.step = step
        self.seconds = seconds
        self.wallClock = wallClock
        self.text = GamedayText.sanitize(text)
        self.expected = expected
    }

    /// The wall clock now, as entries record it.
    public static func now() -> String { FaultJournal.timestamp() }
}

/// A game day's record: the participants and the entries, in order.
public struct GamedayRecord: Codable, Sendable, Equatable {
    /// The format of this file.
    public var format = 1
    /// The run it belongs to.
    public var runID: String
    /// The participants (`--operator NAME`), sanitized.
    public var operators: [String]
    /// Decisions, notes and marks in the order they were made.
    public var entries: [GamedayEntry]
    /// Each method step's `expect:` text, by step name.
    public var expectations: [String: String]

    /// A record.
    public init(runID: String, operators: [String], entries: [GamedayEntry], expectations: [String: String] = [:]) {
        self.runID = runID
        self.operators = operators.map(GamedayText.sanitize)
        self.entries = entries
        self.expectations = expectations.mapValues(GamedayText.sanitize)
    }

    /// The file name in the run folder.
    public static let fileName = "gameday.json"
    /// The minutes' file name in the run folder.
    public static let minutesFileName = "gameday.md"
}
