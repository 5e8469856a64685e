// Prometheus's text exposition format (version 0.0.4), as exporters, Patroni and etcd serve it on /metrics:
// `# HELP` / `# TYPE` lines, samples `name{label="value",…} value [timestamp]` with escaped label values,
// NaN and ±Inf, histogram and summary series. A malformed line is skipped and counted, never fatal.

import Foundation

/// One sample: a series (name and labels) and its value.
public struct PrometheusSample: Sendable, Hashable {
    /// The series name, e.g. `pg_up` or `http_request_duration_seconds_bucket`.
    public var name: String
    /// Its labels.
    public var labels: [String: String]
    /// The value (may be NaN or ±infinity).
    public var value: Double
    /// The sample's own timestamp in ms since the epoch, when the line has one.
    public var timestampMs: Int64?
}

/// A metric family: what `# TYPE` and `# HELP` say about a name, and its samples.
public struct PrometheusFamily: Sendable, Hashable {
    /// The family name (for a histogram, without `_bucket`/`_sum`/`_count`).
    public var name: String
    /// `counter`, `gauge`, `histogram`, `summary`, `untyped`; nil when no `# TYPE` line named it.
    public var type: String?
    /// The `# HELP` text, unescaped.
    public var help: String?
    /// Its samples, in file order.
    public var samples: [PrometheusSample]
}

/// A parsed /metrics page.
public struct PrometheusExposition: Sendable {
    /// Every family, in the order first seen.
    public var families: [PrometheusFamily]
    /// 1-based numbers of the lines that could not be read (skipped).
    public var malformedLines: [Int]

    /// Every sample of every family.
    public var samples: [PrometheusSample] { families.flatMap(\.samples) }

    /// The samples a selector picks: the name, and every label it gives with that value.
    public func samples(matching selector: PrometheusSelector) -> [PrometheusSample] {
        samples.filter { sample in
            sample.name == selector.name && selector.labels.allSatisfy { sample.labels[$0.key] == $0.value }
        }
    }

    /// Parses only the sample lines of the series named in `names` (comments and every other series skipped
    /// unread): a sampler that keeps a few series of etcd's 150 KB page need not parse the rest each second.
    public static func parse(_ text: String, keeping names: Set<String>) -> PrometheusExposition {
        let newline = UInt8(ascii: "\n"), hash = UInt8(ascii: "#"), brace = UInt8(ascii: "{"), space = UInt8(ascii: " ")
        var kept: [Substring] = []
        for line in text.utf8.split(separator: newline) {
            guard let first = line.first, first != hash else { continue }
            let nameEnd = line.firstIndex { $0 == brace || $0 == space } ?? line.endIndex
            guard names.contains(String(Substring(line[line.startIndex..<nameEnd]))) else { continue }
            kept.append(Substring(line))
        }
        return parse(kept.joined(separator: "\n"))
    }

    /// Parses a page.
    public static func parse(_ text: String) -> PrometheusExposition {
        var families: [PrometheusFamily] = []
        var index: [String: Int] = [:]
        var malformed: [Int] = []
        func family(_ name: String) -> Int {
            if let found = index[name] { return found }
            families.append(PrometheusFamily(name: name, type: nil, help: nil, samples: []))
            index[name] = families.count - 1
            return families.count - 1
        }
        for (number, raw) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let line = raw.trimmingCharacters(in: .whitespaces)
            if line.isEmpty { continue }
            if line.hasPrefix("#") {
                let words = line.dropFirst().split(separator: " ", maxSplits: 2, omittingEmptySubsequences: true).map(String.init)
                guard words.count >= 2, words[0] == "HELP" || words[0] == "TYPE" else { continue }  // a plain comment
                let at = family(words[1])
                if words[0] == "HELP" {
                    families[at].help = words.count > 2 ? unescapeHelp(words[2]) : ""
                } else if words.count > 2, ["counter", "gauge", "histogram", "summary", "untyped"].contains(words[2]) {
                    families[at].type = words[2]
                } else {
                    malformed.append(number + 1)
                }
                continue
            }
            guard let sample = parseSample(line) else {
                malformed.append(number + 1)
                continue
            }
            families[family(familyName(of: sample.name, known: index, families: families))].samples.append(sample)
        }
        return PrometheusExposition(families: families, malformedLines: malformed)
    }

    /// The family a series belongs to: `x_bucket`, `x_sum`, `x_count` belong to a histogram or summary `x`.
    private static func familyName(of series: String, known: [String: Int], families: [PrometheusFamily]) -> String {
        for suffix in ["_bucket", "_sum", "_count"] where series.hasSuffix(suffix) {
            let base = String(series.dropLast(suffix.count))
            if let at = known[base], ["histogram", "summary"].contains(families[at].type ?? "") { return base }
        }
        return series
    }

    /// `name{labels} value [timestamp]`, or nil when the line is not one.
    static func parseSample(_ line: String) -> PrometheusSample? {
        let characters = Array(line)
        var position = 0
        while position < characters.count, isNameCharacter(characters[position], first: position == 0) { position += 1 }
        guard position > 0 else { return nil }
        let name = String(characters[0..<position])
        var labels: [String: String] = [:]
        // Blanks may separate the name from its labels (Patroni 3.0 writes `name {scope="x"} 1`).
        var afterBlanks = position
        while afterBlanks < characters.count, characters[afterBlanks] == " " || characters[afterBlanks] == "\t" { afterBlanks += 1 }
        if afterBlanks < characters.count, characters[afterBlanks] == "{" { position = afterBlanks }
        if position < characters.count, characters[position] == "{" {
            guard let (parsed, end) = parseLabels(characters, from: position + 1) else { return nil }
            labels = parsed
            position = end
        }
        let rest = String(characters[position...]).split(separator: " ", omittingEmptySubsequences: true)
        guard rest.count == 1 || rest.count == 2, let value = parseValue(String(rest[0])) else { return nil }
        var timestamp: Int64?
        if rest.count == 2 {
            guard let stamp = Int64(rest[1]) else { return nil }
            timestamp = stamp
        }
        return PrometheusSample(name: name, labels: labels, value: value, timestampMs: timestamp)
    }

    /// Labels from after `{` to the matching `}`: the labels and the index after `}`.
    private static func parseLabels(_ characters: [Character], from start: Int) -> ([String: String], Int)? {
        var labels: [String: String] = [:]
        var position = start
        while true {
            while position < characters.count, characters[position] == " " { position += 1 }
            guard position < characters.count else { return nil }
            if characters[position] == "}" { return (labels, position + 1) }
            let nameStart = position
            while position < characters.count, isNameCharacter(characters[position], first: position == nameStart, colon: false) { position += 1 }
            guard position > nameStart, position + 1 < characters.count, characters[position] == "=", characters[position + 1] == "\"" else { return nil }
            let label = String(characters[nameStart..<position])
            position += 2
            var value = ""
            while true {
                guard position < characters.count else { return nil }
                let character = characters[position]
                if character == "\"" { break }
                if character == "\\" {
                    guard position + 1 < characters.count else { return nil }
                    switch characters[position + 1] {
                    case "n": value.append("\n")
                    case "\\": value.append("\\")
                    case "\"": value.append("\"")
                    default: return nil
                    }
                    position += 2
                } else {
                    value.append(character)
                    position += 1
                }
            }
            labels[label] = value
            position += 1
            while position < characters.count, characters[position] == " " { position += 1 }
            if position < characters.count, characters[position] == "," { position += 1 }
        }
    }

    /// A sample value: a decimal, `NaN`, `+Inf`, `-Inf`.
    static func parseValue(_ text: String) -> Double? {
        switch text {
        case "NaN": return .nan
        case "+Inf", "Inf": return .infinity
        case "-Inf": return -.infinity
        default:
            guard text.allSatisfy({ $0.isASCII && ($0.isNumber || "+-.eE".contains($0)) }) else { return nil }
            return Double(text)
        }
    }

    private static func isNameCharacter(_ character: Character, first: Bool, colon: Bool = true) -> Bool {
        guard character.isASCII else { return false }
        if character.isLetter || character == "_" || (colon && character == ":") { return true }
        return !first && character.isNumber
    }

    private static func unescapeHelp(_ text: String) -> String {
        text.replacingOccurrences(of: "\\\\", with: "\u{0}").replacingOccurrences(of: "\\n", with: "\n").replacingOccurrences(of: "\u{0}", with: "\\")
    }
}

/// `name` or `name{label="value",…}`: which series a probe means.
public struct PrometheusSelector: Sendable, Hashable, CustomStringConvertible {
    /// The series name.
    public var name: String
    /// Labels that must have these values (others may be anything).
    public var labels: [String: String]

    /// Parses a selector written like a series; nil when it is not one.
    public static func parse(_ text: String) -> PrometheusSelector? {
        guard let sample = PrometheusExposition.parseSample(text.trimmingCharacters(in: .whitespaces) + " 0") else { return nil }
        return PrometheusSelector(name: sample.name, labels: sample.labels)
    }

    public var description: String {
        labels.isEmpty ? name : name + "{" + labels.sorted { $0.key < $1.key }.map { "\($0.key)=\"\($0.value)\"" }.joined(separator: ",") + "}"
    }
}
