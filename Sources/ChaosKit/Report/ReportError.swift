// The report layer's error: a run directory or one of its files could not be written or read back.

/// A run directory could not be created, written or read.
public struct ReportError: Error, Sendable, CustomStringConvertible {
    /// What happened, to which file.
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
