// The outcome of one finished command: exit status and captured output.

/// What a command printed and how it ended.
public struct CommandResult: Sendable {
    /// The program and its arguments, as run.
    public var arguments: [String]
    /// The exit status, or 128 + signal number when a signal ended it.
    public var status: Int32
    /// Everything written to standard output.
    public var standardOutput: String
    /// Everything written to standard error.
    public var standardError: String
    /// Whether the command ran past its timeout and was killed.
    public var timedOut: Bool

    /// Whether the command exited with status 0 in time.
    public var succeeded: Bool { status == 0 && !timedOut }

    /// Creates a result (tests use this to stand in for a real command).
    public init(arguments: [String], status: Int32, standardOutput: String, standardError: String, timedOut: Bool = false) {
        self.arguments = arguments
        self.status = status
        self.standardOutput = standardOutput
        self.standardError = standardError
        self.timedOut = timedOut
    }
}
