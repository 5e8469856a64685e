// A checked, typed parameter value taken from a scenario.

/// A parameter value after the loader has checked it against its `ParameterType`.
public enum ParameterValue: Sendable, Hashable, CustomStringConvertible {
    case duration(ScenarioDuration)
    case integer(Int)
    case number(Double)
    case string(String)
    case boolean(Bool)
    case signal(Signal)
    case target(TargetSelector)
    case targetGroups([[TargetSelector]])
    case bitRate(BitRate)

    public var description: String {
        switch self {
        case .duration(let value): return value.description
        case .integer(let value): return String(value)
        case .number(let value): return value == value.rounded() ? String(Int(value)) : String(value)
        case .string(let value): return value
        case .boolean(let value): return String(value)
        case .signal(let value): return value.name
        case .target(let value): return value.description
        case .targetGroups(let groups):
            return groups.map { "[" + $0.map(\.description).joined(separator: ", ") + "]" }.joined(separator: " | ")
        case .bitRate(let value): return value.description
        }
    }

    /// The duration inside, if this is one.
    public var durationValue: ScenarioDuration? {
        if case .duration(let value) = self { return value }
        return nil
    }

    /// The text inside, if this is a string.
    public var stringValue: String? {
        if case .string(let value) = self { return value }
        return nil
    }

    /// The target inside, if this is one.
    public var targetValue: TargetSelector? {
        if case .target(let value) = self { return value }
        return nil
    }

    /// The number inside (a whole number too), if this is one.
    public var numberValue: Double? {
        switch self {
        case .number(let value): return value
        case .integer(let value): return Double(value)
        default: return nil
        }
    }

    /// The whole number inside, if this is one.
    public var integerValue: Int? {
        if case .integer(let value) = self { return value }
        return nil
    }
}
