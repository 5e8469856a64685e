// Who answers a game day's prompts: a person at a terminal (the CLI's), or a keys file for CI and replays.

/// Shows a game day's text and reads the operator's answers.
public protocol GamedayOperator: Sendable {
    /// Shows lines to the operator.
    func show(_ lines: [String])
    /// Asks and waits for the next answer; nil when the input is closed or `stopped()` turns true meanwhile (a
    /// stop condition, a signal).
    func answer(_ prompt: String, stopped: @escaping @Sendable () -> Bool) -> GamedayAnswer?
}
