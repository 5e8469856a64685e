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

            Results go to standard output; progress, the live status line and errors to standard error. \
            Colour only on a terminal.

            Environment:
              CHAOS_PLATFORM          local (the built-in lab, default), docker (the Compose stack) or ssh (your hosts)
              CHAOS_CLUSTER           the cluster file for the ssh platform (`chaos discover` drafts one)
              CHAOS_SSH_STATE_DIR     where the ssh platform keeps inventories and journals (default /var/lib/chaos-ssh)
              CHAOS_LAB_DIR           the lab's state directory (default /var/lib/chaos-lab)
              CHAOS_LAB_NETWORK       standard (chaosbr0, 10.203.0.0/24) or test (chaostbr0, 10.213.0.0/24)
              CHAOS_INFRA_DIR         the infra/ folder with the cluster's configuration
              CHAOS_DOCKER_ENV        the Compose stack's environment file
              CHAOS_DOCKER_STATE_DIR  the Compose stack's state directory
              NO_COLOR                set (non-empty) to never colour output; so does TERM=dumb
            """,
        version: ChaosVersion.current,
        subcommands: [
            ValidateCommand.self, ListCommand.self, RunCommand.self, BenchCommand.self, InitCommand.self, ExplainCommand.self, LabCommand.self,
            FaultCommand.self, RecoverCommand.self, DiscoverCommand.self, MeasureCommand.self, SchemaCommand.self, ReportCommand.self, CompareCommand.self,
            PredictCommand.self, StudyCommand.self, ExportCommand.self, GamedayCommand.self, NoteCommand.self, SoakCommand.self,
        ]
    )

    /// Parses and runs like ArgumentParser's own `main`, except that a usage error (unknown option, missing
    /// argument, a value of the wrong kind) exits 2 as documented, not with sysexits' 64, and that the
    /// command's `--quiet`/`--verbose` take effect before it runs.
    static func main() {
        do {
            var command = try parseAsRoot()
            if let console = command as? any ConsoleCommand { console.global.apply() } else { GlobalOptions.configure(quiet: false, verbose: false) }
            try command.run()
            SSHSession.closeAll()
        } catch {
            // SSH master connections this command opened are closed on every way out.
            SSHSession.closeAll()
            if exitCode(for: error) == .validationFailure {
                FileHandle.standardError.write(Data((fullMessage(for: error) + "\n").utf8))
                Foundation.exit(ExitCode.invalidInput.rawValue)
            }
            exit(withError: error)
        }
    }
}
