// The exit codes `chaos` promises (documented in the README).

import ArgumentParser

extension ExitCode {
    /// A hypothesis or the steady state failed.
    static let hypothesisFailed = ExitCode(1)
    /// Invalid input or usage.
    static let invalidInput = ExitCode(2)
    /// The run was aborted, or the environment is not fit (cluster unhealthy, missing package, no root).
    static let environmentError = ExitCode(3)
}
