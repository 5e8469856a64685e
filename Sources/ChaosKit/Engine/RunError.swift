// Why a run could not start or was cut short: an environment problem (exit 3), never a hypothesis failure.

/// The run could not start, or had to stop (faults healed), because of the environment.
public struct RunError: Error, Sendable, CustomStringConvertible {
    /// What happened.
    public var message: String
    /// What to do about it.
    public var hint: String

    /// Creates an error.
    public init(_ message: String, hint: String = "") {
        self.message = message
        self.hint = hint
    }

    public var description: String { hint.isEmpty ? message : "\(message)\n  → \(hint)" }
}
