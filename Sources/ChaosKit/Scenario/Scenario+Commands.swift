// What a scenario would run on the runner's host: its `shell` actions and probes. A scenario is code run as
// root, and `chaos validate` says so by listing these.

extension Scenario {
    /// One shell command a scenario runs, and where it is written.
    public struct ShellCommand: Sendable, Equatable {
        /// The step's position (`file:line:col`).
        public var location: SourceLocation
        /// The step's name.
        public var step: String
        /// The text given to `/bin/sh -c`.
        public var command: String
    }

    /// Every shell command of the steady state, method and rollbacks, in file order.
    public var shellCommands: [ShellCommand] {
        (steadyState + method + rollbacks).compactMap { step in
            switch step.action {
            case .action(let invocation), .probe(let invocation):
                guard invocation.kind == "shell", let command = invocation.parameters["command"]?.stringValue else { return nil }
                return ShellCommand(location: step.location, step: step.name, command: command)
            default:
                return nil
            }
        }.sorted { $0.location < $1.location }
    }
}
