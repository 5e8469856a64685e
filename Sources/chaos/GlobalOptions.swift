// `--quiet` and `--verbose`, on every command.

import ArgumentParser
import ChaosKit
import Foundation
import Logging

/// How much the command prints.
struct GlobalOptions: ParsableArguments {
    @Flag(name: .shortAndLong, help: "Print only verdicts, results and errors (no progress, no live line).")
    var quiet = false

    @Flag(name: .shortAndLong, help: "Also print every command run on the cluster or this host, with its time (on standard error, and in a run's chaos.log).")
    var verbose = false

    func validate() throws {
        if quiet && verbose { throw ValidationError("--quiet and --verbose cannot be used together") }
    }

    /// Sets the console's verbosity and the library's log level.
    func apply() { Self.configure(quiet: quiet, verbose: verbose) }

    /// Sets the console's verbosity and the library's log level (once per process).
    static func configure(quiet: Bool, verbose: Bool) {
        Console.verbosity = quiet ? .quiet : verbose ? .verbose : .normal
        let level: Logger.Level = verbose ? .debug : .warning
        LoggingSystem.bootstrap { label in
            var handler = StreamLogHandler.standardError(label: label)
            handler.logLevel = level
            // The same lines go to the running scenario's chaos.log (RunLogFile).
            return MultiplexLogHandler([handler, RunLogFileHandler(label: label, level: level)])
        }
    }
}

/// A command that takes ``GlobalOptions``; `Chaos.main` applies them before it runs.
protocol ConsoleCommand {
    var global: GlobalOptions { get }
}
