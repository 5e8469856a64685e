// The error for a command that could not be run or did not succeed.

import Foundation

/// A command failed: it could not start, exited non-zero or timed out.
public struct CommandError: Error, Sendable {
    /// The program and its arguments.
    public var arguments: [String]
    /// The exit status (`-1` when it never started).
    public var status: Int32
    /// The tail of standard error (or the reason it did not start).
    public var detail: String
    /// Whether it ran past its timeout.
    public var timedOut: Bool

    /// Creates the error for a finished command.
    public init(_ result: CommandResult) {
        arguments = result.arguments
        status = result.status
        detail = String(result.standardError.suffix(600)).trimmingCharacters(in: .whitespacesAndNewlines)
        timedOut = result.timedOut
    }

    /// Creates the error for a command that never started.
    public init(arguments: [String], reason: String) {
        self.arguments = arguments
        status = -1
        detail = reason
        timedOut = false
    }
}

// MARK: - CustomStringConvertible
extension CommandError: CustomStringConvertible {
    public var description: String {
        let command = arguments.joined(separator: " ")
        if status == -1 { return "could not run `\(command)`: \(detail)" }
        if timedOut { return "`\(command)` did not finish in time and was killed\(detail.isEmpty ? "" : ": \(detail)")" }
        return "`\(command)` failed with status \(status)\(detail.isEmpty ? "" : ": \(detail)")"
    }
}
