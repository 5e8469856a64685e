// What an operator types at a game day's prompt: one line, its first character the key, the rest its text.

import Foundation

/// One answer at a game day's prompt.
public enum GamedayAnswer: Sendable, Equatable {
    /// Enter alone: run the step (before it), or leave it unmarked (after it).
    case go
    /// `s`: skip the step.
    case skip
    /// `n TEXT`: a note for the minutes.
    case note(String)
    /// `w`: wait longer before deciding (the writers go on measuring).
    case waitLonger
    /// `a`: abort the exercise (heal everything, finish the measurements and the minutes).
    case abort
    /// `e`: end a free exercise (heal what is in effect, finish the measurements and the minutes).
    case end
    /// `y [COMMENT]`: the step went as expected.
    case expected(String?)
    /// `x [COMMENT]`: it did not.
    case unexpected(String?)
    /// Anything else, as typed.
    case unknown(String)

    /// Reads a typed line.
    public static func parse(_ line: String) -> GamedayAnswer {
        let trimmed = line.trimmingCharacters(in: .whitespaces)
        guard let key = trimmed.first else { return .go }
        let rest = String(trimmed.dropFirst())
        // A key is one letter, alone or followed by a space and its text ("yes" is not "y es").
        guard rest.isEmpty || rest.first == " " else { return .unknown(trimmed) }
        let text = rest.trimmingCharacters(in: .whitespaces)
        switch key {
        case "s" where text.isEmpty: return .skip
        case "n": return .note(text)
        case "w" where text.isEmpty: return .waitLonger
        case "a" where text.isEmpty: return .abort
        case "e" where text.isEmpty: return .end
        case "y": return .expected(text.isEmpty ? nil : text)
        case "x": return .unexpected(text.isEmpty ? nil : text)
        default: return .unknown(trimmed)
        }
    }

    /// The keys that mean something before a step.
    public static let beforeHelp = "Enter run it · s skip · n TEXT note · w wait 10 s longer · a abort"
    /// The keys that mean something in a free exercise.
    public static let freeHelp = "n TEXT note · e end the exercise · a abort"
    /// The keys that mean something after a step.
    public static let afterHelp = "y [COMMENT] as expected · x [COMMENT] not as expected · n TEXT note · Enter leave unmarked"
}
