// The `chaos` command: declares the subcommands; each lives in its own file.

import ArgumentParser
import ChaosKit
import Foundation

@main
struct Chaos: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "chaos",
        abstract: "Run chaos experiments against a PostgreSQL HA cluster (Patroni, etcd, PgPool-II) and measure what clients feel.",
        discussion: """
            Exit codes: 0 every hypothesis held · 1 a hypothesis or steady state failed · \
            2 invalid input or usage · 3 aborted or environment error.
            """,
        version: ChaosVersion.current,
        subcommands: [ValidateCommand.self, ListCommand.self, RunCommand.self, LabCommand.self, FaultCommand.self, RecoverCommand.self, MeasureCommand.self, SchemaCommand.self, ReportCommand.self, CompareCommand.self]
    )

    /// Parses and runs like ArgumentParser's own `main`, except that a usage error (unknown option, missing
    /// argument, a value of the wrong kind) exits 2 as documented, not with sysexits' 64.
    static func main() {
        do {
            var command = try parseAsRoot()
            try command.run()
        } catch {
            if exitCode(for: error) == .validationFailure {
                FileHandle.standardError.write(Data((fullMessage(for: error) + "\n").utf8))
                Foundation.exit(ExitCode.invalidInput.rawValue)
            }
            exit(withError: error)
        }
    }
}
