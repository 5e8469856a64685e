// Runs Debian's pgbench: initialization, one measured cell, and dropping its tables. The real tool, not a
// re-implementation; chaos only builds the command line and reads pgbench's own per-transaction log.

import Foundation

/// pgbench on this machine.
public struct Pgbench: Sendable {
    /// The pgbench executable.
    public var executable: String
    /// Runs it.
    public var runner: CommandRunner

    /// Where Debian installs pgbench for PostgreSQL 15, then the PATH's.
    public static let candidates = ["/usr/lib/postgresql/15/bin/pgbench", "/usr/bin/pgbench"]

    /// pgbench as installed, or why it cannot be used.
    public static func locate(runner: CommandRunner = CommandRunner()) -> Result<Pgbench, BenchError> {
        guard let path = candidates.first(where: { FileManager.default.isExecutableFile(atPath: $0) }) else {
            return .failure(BenchError("pgbench is not installed (looked in \(candidates.joined(separator: ", ")))",
                                       hint: "install it with `apt-get install postgresql-15` (scripts/install-deps.sh does)"))
        }
        return .success(Pgbench(executable: path, runner: runner))
    }

    /// `pgbench --version`, e.g. `pgbench (PostgreSQL) 15.14 (Debian 15.14-0+deb12u1)`.
    public func version() -> String {
        runner.run([executable, "--version"], timeout: .seconds(10)).standardOutput.trimmingCharacters(in: .whitespacesAndNewlines)
    }

    /// The SQL of the `insert` mode: the chaos writer's own statement, one row per transaction.
    public static let insertScript = "INSERT INTO chaos_bench_insert (client, payload) VALUES (:client_id, 'chaos bench row');\n"

    /// The table the `insert` mode writes.
    public static let insertTableDDL = """
        CREATE TABLE IF NOT EXISTS chaos_bench_insert (id bigserial PRIMARY KEY, client integer NOT NULL, \
        payload text NOT NULL, created_at timestamptz NOT NULL DEFAULT clock_timestamp())
        """

    /// Creates pgbench's tables at `scale` (`pgbench -i`; existing ones are dropped first) and the insert table.
    public func initialize(conninfo: String, password: String, scale: Int, cancelled: @escaping @Sendable () -> Bool) -> Result<Void, BenchError> {
        let result = runner.run([executable, "-i", "-q", "-s", String(scale), conninfo], environment: ["PGPASSWORD": password],
                                timeout: .seconds(600), cancelled: cancelled)
        guard result.succeeded else { return .failure(BenchError("pgbench -i failed: \(Self.message(result))")) }
        return .success(())
    }

    /// Drops pgbench's tables (`pgbench -i -I d`).
    public func dropTables(conninfo: String, password: String) -> Result<Void, BenchError> {
        let result = runner.run([executable, "-i", "-I", "d", conninfo], environment: ["PGPASSWORD": password], timeout: .seconds(60))
        guard result.succeeded else { return .failure(BenchError("pgbench -i -I d failed: \(Self.message(result))")) }
        return .success(())
    }

    /// The command line of one measured run (no password in it).
    public func arguments(
        mode: BenchMode, clients: Int, threads: Int, seconds: Int, logPrefix: String, scriptFile: String, conninfo: String
    ) -> [String] {
        var arguments = [executable, "-n", "-c", String(clients), "-j", String(threads), "-T", String(seconds), "-l", "--log-prefix=\(logPrefix)"]
        switch mode {
        case .insert: arguments += ["-f", scriptFile]
        default: arguments += ["-b", mode.rawValue]
        }
        return arguments + [conninfo]
    }

    /// pgbench's own complaint: its last lines of standard error (or output), trimmed.
    static func message(_ result: CommandResult) -> String {
        let text = (result.standardError.isEmpty ? result.standardOutput : result.standardError)
            .trimmingCharacters(in: .whitespacesAndNewlines)
        let lines = text.split(separator: "\n").suffix(4).joined(separator: " | ")
        return lines.isEmpty ? "exit status \(result.status)" : "\(lines) (exit status \(result.status))"
    }
}
