// A throwaway PostgreSQL 15 on loopback for the writer's integration tests (initdb, pg_ctl start/stop).

import Foundation

/// A private PostgreSQL server in a temporary directory; run as `postgres` when the tests run as root.
final class LocalPostgres: @unchecked Sendable {
    static let binaries = ProcessInfo.processInfo.environment["CHAOS_TEST_PG_BIN"] ?? "/usr/lib/postgresql/15/bin"

    /// True when initdb and pg_ctl exist here.
    static var available: Bool {
        FileManager.default.isExecutableFile(atPath: "\(binaries)/initdb")
            && FileManager.default.isExecutableFile(atPath: "\(binaries)/pg_ctl")
    }

    let directory: String
    let port: Int

    /// Creates and starts a fresh cluster on a random loopback port.
    init() throws {
        port = Int.random(in: 56_000..<57_000)
        directory = NSTemporaryDirectory() + "chaos-measure-\(UUID().uuidString.prefix(8))"
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        if getuid() == 0 { try LocalPostgres.run("/bin/chown", ["postgres", directory], asPostgres: false) }
        try LocalPostgres.run("\(LocalPostgres.binaries)/initdb", ["-D", "\(directory)/data", "-A", "trust", "-U", "postgres"])
        try start()
    }

    /// Creates a streaming standby of `primary` (pg_basebackup -R) and starts it.
    init(standbyOf primary: LocalPostgres) throws {
        port = Int.random(in: 57_000..<58_000)
        directory = NSTemporaryDirectory() + "chaos-measure-\(UUID().uuidString.prefix(8))"
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        if getuid() == 0 { try LocalPostgres.run("/bin/chown", ["postgres", directory], asPostgres: false) }
        try LocalPostgres.run(
            "\(LocalPostgres.binaries)/pg_basebackup",
            ["-h", "127.0.0.1", "-p", String(primary.port), "-U", "postgres", "-D", "\(directory)/data", "-R", "-X", "stream"])
        try start()
    }

    /// Promotes a standby and waits for it.
    func promote() throws {
        try LocalPostgres.run("\(LocalPostgres.binaries)/pg_ctl", ["-D", "\(directory)/data", "-w", "promote"])
    }

    /// The libpq DSN of this server over TCP.
    var dsn: String { "host=127.0.0.1 port=\(port) user=postgres dbname=postgres connect_timeout=2" }

    /// Starts the server and waits until it accepts connections.
    func start() throws {
        try LocalPostgres.run(
            "\(LocalPostgres.binaries)/pg_ctl",
            ["-D", "\(directory)/data", "-w", "-l", "\(directory)/log", "-o", "-p \(port) -k \(directory) -c listen_addresses=127.0.0.1", "start"])
    }

    /// Stops the server (`immediate` = crash-like, no shutdown checkpoint).
    func stop(mode: String = "immediate") throws {
        try LocalPostgres.run("\(LocalPostgres.binaries)/pg_ctl", ["-D", "\(directory)/data", "-w", "-m", mode, "stop"])
    }

    /// Stops the server and removes its files.
    func destroy() {
        try? stop(mode: "fast")
        try? FileManager.default.removeItem(atPath: directory)
    }

    private static func run(_ tool: String, _ arguments: [String], asPostgres: Bool = true) throws {
        let argv = asPostgres && getuid() == 0 ? ["/usr/sbin/runuser", "-u", "postgres", "--", tool] + arguments : [tool] + arguments
        try ChildProcess.run(argv)
    }
}

struct LocalPostgresError: Error, CustomStringConvertible {
    var message: String
    var description: String { message }
}
