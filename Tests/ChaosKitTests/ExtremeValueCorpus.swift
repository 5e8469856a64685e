// Generates the extreme-value corpus: every numeric, duration, rate and percentage value of a scenario file
// (a `key: value` scalar, or the literal of a hypothesis or stop condition) replaced in turn by values no
// parser should trust — huge, negative, NaN, ±inf, 40 digits, below a unit's resolution.

import Foundation

/// One mutated copy of a scenario file.
struct CorpusCase: CustomStringConvertible, Sendable {
    /// The scenario it came from.
    var file: String
    /// The 1-based line whose value was replaced.
    var line: Int
    /// The value written there.
    var value: String
    /// The whole mutated text.
    var text: String
    /// Whether the value can never be accepted, whatever field it is in.
    var mustBeRefused: Bool

    var description: String { "\((file as NSString).lastPathComponent):\(line) = \(value)" }
}

enum ExtremeValueCorpus {
    /// Values that are not a finite, representable, in-range number in any field.
    static let alwaysRefused = [
        "nan", "NaN", "inf", "-inf", "infmbit", "1e400", "1e30gbit", "0.0001bit",
        "1000000000000000000000000000000000000000", "99999999999999999999999999999999999999ms", "3000000h", "2000000h",
        "0.4ms", "0.0000001s", "9223372036854775808", "-0s",
    ]
    /// Values that may be valid in some fields (a count may be negative or tiny) but must never crash.
    static let mayBeAccepted = ["-5", "0", "0.0000001", "1e3", "7d", "168h", "100gbit", "1bit", "2147483648", "-9223372036854775808"]

    /// How many values the corpus tries on each field.
    static var valueCount: Int { alwaysRefused.count + mayBeAccepted.count }

    /// A value a scenario writes: a number, optionally with a duration, rate or percent unit.
    private static let valuePattern = "-?[0-9][0-9.]*(?:ms|s|m|h|bit|kbit|mbit|gbit|%)?"

    /// `key: VALUE` (also as a list item), `- METRIC OP VALUE` / `expect: METRIC OP VALUE`, and a variable's
    /// `default: VALUE` inside `{type: …, default: …}`.
    private static let patterns: [NSRegularExpression] = [
        try! NSRegularExpression(pattern: "\\bdefault:\\s+(\(valuePattern))\\s*[,}]"),
        try! NSRegularExpression(pattern: "^\\s*(?:-\\s+)?[a-z_]+:\\s+(\(valuePattern))\\s*(?:#.*)?$"),
        try! NSRegularExpression(pattern: "(?:<=|>=|==|!=|<|>)\\s*(\(valuePattern))\\s*$"),
    ]

    /// The 0-based line index and character range of every replaceable value in `text`.
    static func slots(in text: String) -> [(line: Int, range: NSRange)] {
        let lines = text.components(separatedBy: "\n")
        var slots: [(Int, NSRange)] = []
        for (index, line) in lines.enumerated() where !line.trimmingCharacters(in: .whitespaces).hasPrefix("#") {
            let whole = NSRange(line.startIndex..., in: line)
            for pattern in patterns {
                if let match = pattern.firstMatch(in: line, range: whole) {
                    slots.append((index, match.range(at: 1)))
                    break
                }
            }
        }
        return slots
    }

    /// Every case for one file: each slot with each value (`stride` > 1 takes every n-th value per slot,
    /// rotating from `rotation`, for a smaller corpus).
    static func cases(for file: String, stride: Int = 1, rotation: Int = 0) -> [CorpusCase] {
        guard let text = try? String(contentsOfFile: file, encoding: .utf8) else {
            return [CorpusCase(file: file, line: 0, value: "(unreadable)", text: "", mustBeRefused: true)]
        }
        let lines = text.components(separatedBy: "\n")
        let values = alwaysRefused.map { ($0, true) } + mayBeAccepted.map { ($0, false) }
        var result: [CorpusCase] = []
        for (slotIndex, slot) in slots(in: text).enumerated() {
            for (valueIndex, (value, refused)) in values.enumerated() where (valueIndex + slotIndex + rotation) % stride == 0 {
                var mutated = lines
                let line = mutated[slot.line] as NSString
                mutated[slot.line] = line.replacingCharacters(in: slot.range, with: value)
                result.append(CorpusCase(
                    file: file, line: slot.line + 1, value: value, text: mutated.joined(separator: "\n"), mustBeRefused: refused))
            }
        }
        return result
    }
}
