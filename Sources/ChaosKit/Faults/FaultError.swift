// The faults' error: what happened, to what, and what to do.

/// A fault could not be planned, applied or healed.
public struct FaultError: Error, Sendable, CustomStringConvertible {
    /// What happened, to what.
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
