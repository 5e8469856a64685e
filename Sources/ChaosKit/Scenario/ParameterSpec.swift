// The declared shape of one parameter of a fault, probe, action or wait condition.

/// What kind of value a parameter takes; the loader checks and converts to match.
public enum ParameterType: Sendable, Hashable, CustomStringConvertible {
    /// A duration with a unit (`30s`).
    case duration
    /// A whole number within an optional range.
    case integer(min: Int? = nil, max: Int? = nil)
    /// A number within an optional range (e.g. a percentage).
    case number(min: Double? = nil, max: Double? = nil)
    /// Any text.
    case string
    /// true / false.
    case boolean
    /// One of a fixed set of words.
    case choice([String])
    /// A signal name (`SIGKILL`, `KILL`, `9`).
    case signal
    /// A node chosen by role when the step fires (`primary`, `2 of etcd`, `pg1`).
    case target
    /// Two or more groups of targets (`[[primary], [replica, etcd]]`).
    case targetGroups
    /// A rate in bits per second (`1mbit`, `500kbit`).
    case bitRate
    /// A name of another step in the same scenario.
    case stepReference
    /// An `http://` or `https://` address (nothing else reaches curl).
    case url
    /// A Prometheus series: a metric name with optional labels, `name{label="value"}`.
    case metricSeries

    public var description: String {
        switch self {
        case .duration: return "a duration such as 500ms, 30s or 2m"
        case .integer: return "a whole number"
        case .number: return "a number"
        case .string: return "text"
        case .boolean: return "true or false"
        case .choice(let words): return "one of " + words.joined(separator: ", ")
        case .signal: return "a signal name such as SIGKILL or SIGTERM"
        case .target: return "a target such as primary, replica, 2 of etcd or pg1"
        case .targetGroups: return "a list of target groups such as [[primary], [replica, etcd]]"
        case .bitRate: return "a rate such as 1mbit or 500kbit"
        case .url: return "an http:// or https:// address"
        case .metricSeries: return "a metric name, optionally with labels, such as pg_up or pg_stat_database_xact_commit{datname=\"postgres\"}"
        case .stepReference: return "the name of a step"
        }
    }
}

/// One parameter a kind accepts: its key, type, whether it is required, and a default.
public struct ParameterSpec: Sendable, Hashable {
    /// The YAML key.
    public var name: String
    /// The accepted value type.
    public var type: ParameterType
    /// Whether the step must set it.
    public var required: Bool
    /// The value used when the step leaves it out, shown in docs and dry runs.
    public var defaultValue: ParameterValue?
    /// One line for docs and `chaos validate` messages.
    public var summary: String

    /// Creates a parameter spec.
    public init(
        _ name: String, _ type: ParameterType, required: Bool = false, default defaultValue: ParameterValue? = nil,
        _ summary: String = ""
    ) {
        self.name = name
        self.type = type
        self.required = required
        self.defaultValue = defaultValue
        self.summary = summary
    }
}
