// A measured value as hypotheses compare it.

/// A metric's value: a duration, a count or a yes/no.
public enum MetricValue: Sendable, Hashable, Codable, CustomStringConvertible {
    /// A length of time in seconds.
    case duration(seconds: Double)
    /// A count or size.
    case count(Int)
    /// A yes/no outcome.
    case boolean(Bool)

    /// A duration from nanoseconds.
    public static func nanoseconds(_ value: Int64) -> MetricValue { .duration(seconds: Double(value) / 1e9) }

    /// The value type, matching ``MetricCatalog``.
    public var type: MetricType {
        switch self {
        case .duration: return .duration
        case .count: return .count
        case .boolean: return .boolean
        }
    }

    public var description: String {
        switch self {
        case .duration(let seconds): return ScenarioDuration.seconds(seconds).description
        case .count(let count): return String(count)
        case .boolean(let value): return value ? "true" : "false"
        }
    }
}
