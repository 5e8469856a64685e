// The kinds of value a scenario variable may hold, and the check each value must pass.

/// The declared type of a scenario variable (`variables: {rate: {type: rate, default: 100}}`).
public enum VariableType: String, Sendable, Hashable, CaseIterable, Codable {
    /// A duration with a unit: `30s`, `1500ms`, `2m`.
    case duration
    /// Writes per second per path: a whole number 1…5000 (the workload's range).
    case rate
    /// A whole number.
    case integer
    /// A finite decimal number.
    case number
    /// A bandwidth: `10mbit`, `512kbit`.
    case bitrate
    /// A fault or probe target: a role, `N of ROLE`, `all of ROLE` or a member name.
    case target
    /// `true` or `false`.
    case boolean
    /// Any text.
    case string

    /// What a value of this type looks like, for messages and `chaos explain`.
    public var example: String {
        switch self {
        case .duration: return "a duration such as 30s, 1500ms or 2m"
        case .rate: return "writes per second, a whole number from 1 to 5000"
        case .integer: return "a whole number such as 3"
        case .number: return "a number such as 2.5"
        case .bitrate: return "a bandwidth such as 10mbit or 512kbit"
        case .target: return "a target such as primary, replica, '2 of etcd' or a member name"
        case .boolean: return "true or false"
        case .string: return "any text"
        }
    }

    /// Why `value` is not of this type, or nil when it is. `members` are the node names targets may use.
    public func problem(with value: String, members: [String]) -> String? {
        let refusal = "'\(value)' is not \(example)"
        switch self {
        case .duration:
            if case .failure(let error) = ScenarioDuration.parse(value) { return error.description }
        case .rate:
            guard let number = Int(value), (1...5000).contains(number) else { return refusal }
        case .integer:
            guard let number = FiniteNumber.parse(value), number.rounded() == number, !value.contains(".") else { return refusal }
        case .number:
            guard FiniteNumber.parse(value) != nil else { return refusal }
        case .bitrate:
            if case .failure(let error) = BitRate.parse(value) { return error.description }
        case .target:
            if case .failure(let error) = TargetSelector.parse(value, members: members) {
                return error.message + (error.suggestion.map { " (did you mean '\($0)'?)" } ?? "")
            }
        case .boolean:
            guard value == "true" || value == "false" else { return refusal }
        case .string:
            return nil
        }
        return nil
    }
}
