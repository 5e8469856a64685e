// Durations as scenarios write them: 500ms, 30s, 2m, 1h, 1.5s.

import Foundation

/// A non-negative length of time written with a unit (`ms`, `s`, `m`, `h`), kept in nanoseconds.
public struct ScenarioDuration: Sendable, Hashable, Comparable, Codable, CustomStringConvertible {
    /// The length in nanoseconds.
    public var nanoseconds: Int64

    /// Creates a duration from nanoseconds.
    public init(nanoseconds: Int64) { self.nanoseconds = nanoseconds }

    /// Creates a duration from seconds, clamped to what an `Int64` of nanoseconds holds (NaN is zero).
    public static func seconds(_ value: Double) -> ScenarioDuration {
        let nanoseconds = value * 1e9
        guard nanoseconds.isFinite else { return ScenarioDuration(nanoseconds: nanoseconds > 0 ? .max : 0) }
        if nanoseconds >= 9.2e18 { return ScenarioDuration(nanoseconds: .max) }
        if nanoseconds <= -9.2e18 { return ScenarioDuration(nanoseconds: .min) }
        return ScenarioDuration(nanoseconds: Int64(nanoseconds))
    }

    /// The longest duration a scenario may write: 7 days.
    public static let maximum = ScenarioDuration(nanoseconds: 7 * 24 * 3_600_000_000_000)

    /// The finest duration a scenario may write, other than zero: 1 ms.
    public static let resolution = ScenarioDuration(nanoseconds: 1_000_000)

    /// The length in seconds.
    public var seconds: Double { Double(nanoseconds) / 1e9 }

    /// Zero.
    public static let zero = ScenarioDuration(nanoseconds: 0)

    /// Why a text is not a duration.
    public enum ParseError: Error, Equatable, CustomStringConvertible {
        /// A number with no unit.
        case missingUnit(String)
        /// A unit that is not ms, s, m or h.
        case unknownUnit(String)
        /// A negative number.
        case negative(String)
        /// Not a number at all.
        case notANumber(String)
        /// Longer than ``ScenarioDuration/maximum``.
        case tooLong(String)
        /// Above zero but shorter than ``ScenarioDuration/resolution``, so it would round to nothing.
        case belowResolution(String)

        public var description: String {
            switch self {
            case .missingUnit(let text):
                return "'\(text)' has no unit; write e.g. '\(text)s' or '\(text)ms'"
            case .unknownUnit(let text):
                return "'\(text)' has an unknown unit; use ms, s, m or h (e.g. 500ms, 30s, 2m)"
            case .negative(let text):
                return "'\(text)' is negative; durations must be zero or more"
            case .notANumber(let text):
                return "'\(text)' is not a duration; write e.g. 500ms, 30s, 2m"
            case .tooLong(let text):
                return "'\(text)' is longer than the 7 days (168h) a scenario may last; write a shorter duration"
            case .belowResolution(let text):
                return "'\(text)' is shorter than 1ms, the finest duration the tool can act on; write 0s or at least 1ms"
            }
        }
    }

    private static let units: [(suffix: String, nanoseconds: Double)] = [
        ("ms", 1e6), ("s", 1e9), ("m", 60e9), ("h", 3600e9),
    ]

    /// Parses `500ms`, `30s`, `2m`, `1h`, `1.5s`; combined forms like `1m30s` are accepted too.
    public static func parse(_ raw: String) -> Result<ScenarioDuration, ParseError> {
        let text = raw.trimmingCharacters(in: .whitespaces)
        if text.hasPrefix("-") { return .failure(.negative(text)) }
        if Double(text) != nil { return .failure(.missingUnit(text)) }
        if text.contains(where: \.isWhitespace) { return .failure(.unknownUnit(text)) }
        var total = 0.0
        var rest = Substring(text)
        guard !rest.isEmpty else { return .failure(.notANumber(text)) }
        while !rest.isEmpty {
            let number = rest.prefix { $0.isNumber || $0 == "." }
            guard !number.isEmpty, let value = Double(number) else { return .failure(.notANumber(text)) }
            rest = rest.dropFirst(number.count)
            let unit = rest.prefix { $0.isLetter }
            guard !unit.isEmpty else { return .failure(.missingUnit(text)) }
            guard let factor = units.first(where: { $0.suffix == unit })?.nanoseconds else {
                return .failure(.unknownUnit(text))
            }
            rest = rest.dropFirst(unit.count)
            total += value * factor
            // Checked as it grows, so a 40-digit number never reaches an integer conversion.
            guard total.isFinite, total <= Double(maximum.nanoseconds) else { return .failure(.tooLong(text)) }
        }
        if total > 0, total < Double(resolution.nanoseconds) { return .failure(.belowResolution(text)) }
        return .success(ScenarioDuration(nanoseconds: Int64(total.rounded())))
    }

    /// The shortest readable form: `500ms`, `30s`, `2m`, `1m30s`, `9.84s`.
    public var description: String {
        let ns = nanoseconds
        if ns == 0 { return "0s" }
        if ns < 1_000_000_000 {
            let ms = Double(ns) / 1e6
            return ms == ms.rounded() ? "\(Int64(ms))ms" : String(format: "%.1fms", ms)
        }
        if ns % 60_000_000_000 == 0 {
            let minutes = ns / 60_000_000_000
            return minutes % 60 == 0 ? "\(minutes / 60)h" : "\(minutes)m"
        }
        if ns % 1_000_000_000 == 0 {
            let secs = ns / 1_000_000_000
            return secs >= 60 ? "\(secs / 60)m\(secs % 60)s" : "\(secs)s"
        }
        return String(format: "%.2fs", seconds)
    }

    /// Orders by length.
    public static func < (lhs: ScenarioDuration, rhs: ScenarioDuration) -> Bool {
        lhs.nanoseconds < rhs.nanoseconds
    }

    /// Sum of two durations, saturating at the largest representable length instead of overflowing (a plan
    /// of many long steps must print, not trap).
    public static func + (lhs: ScenarioDuration, rhs: ScenarioDuration) -> ScenarioDuration {
        let (sum, overflow) = lhs.nanoseconds.addingReportingOverflow(rhs.nanoseconds)
        guard overflow else { return ScenarioDuration(nanoseconds: sum) }
        return ScenarioDuration(nanoseconds: rhs.nanoseconds > 0 ? .max : .min)
    }
}
