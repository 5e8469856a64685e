// Versions of PostgreSQL, Patroni, etcd and PgPool-II on this machine, and the chaos checkout's git commit.

import Foundation

enum ComponentVersionProbe {
    /// Reads every version by running the programs (each a first output line, or nil).
    static func read(runner: CommandRunner) -> ComponentVersions {
        func first(_ arguments: [String]) -> String? {
            let result = runner.run(arguments, timeout: .seconds(10))
            let text = (result.standardOutput + result.standardError).split(separator: "\n").first.map(String.init)
            return result.succeeded ? text?.trimmingCharacters(in: .whitespaces) : nil
        }
        return ComponentVersions(
            chaos: ChaosVersion.current,
            gitCommit: first(["git", "-C", FileManager.default.currentDirectoryPath, "rev-parse", "--short=12", "HEAD"]),
            postgres: first(["/usr/lib/postgresql/15/bin/postgres", "--version"]),
            patroni: first(["patroni", "--version"]),
            etcd: first(["etcd", "--version"]),
            pgpool: first(["pgpool", "--version"]))
    }
}
