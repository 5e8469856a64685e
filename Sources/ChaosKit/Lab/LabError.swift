// The lab's error: what happened, to what, and what to do about it.

/// A lab operation failed.
public struct LabError: Error, Sendable {
    /// What happened, to what.
    public var message: String
    /// What to do about it (may be empty).
    public var hint: String

    /// Creates an error with a message and a hint.
    public init(_ message: String, hint: String = "") {
        self.message = message
        self.hint = hint
    }
}

// MARK: - CustomStringConvertible
extension LabError: CustomStringConvertible {
    public var description: String { hint.isEmpty ? message : "\(message)\n  → \(hint)" }
}
