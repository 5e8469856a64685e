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

    /// Runs a tool to completion with posix_spawn + waitpid (Foundation's Process can miss the exit of a
    /// child whose grandchild, the postmaster, lives on), output to /dev/null.
    private static func run(_ tool: String, _ arguments: [String], asPostgres: Bool = true) throws {
        let argv = asPostgres && getuid() == 0 ? ["/usr/sbin/runuser", "-u", "postgres", "--", tool] + arguments : [tool] + arguments
        var cArguments: [UnsafeMutablePointer<CChar>?] = argv.map { strdup($0) } + [nil]
        defer { cArguments.forEach { free($0) } }
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, "/dev/null", O_WRONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 2, "/dev/null", O_WRONLY, 0)
        var pid: pid_t = 0
        let spawned = posix_spawn(&pid, argv[0], &actions, nil, &cArguments, environ)
        guard spawned == 0 else { throw LocalPostgresError(message: "cannot start \(argv[0]): errno \(spawned)") }
        var status: Int32 = 0
        while waitpid(pid, &status, 0) < 0 && errno == EINTR {}
        guard status == 0 else {
            throw LocalPostgresError(message: "\(argv.joined(separator: " ")) failed (wait status \(status))")
        }
    }
}

struct LocalPostgresError: Error, CustomStringConvertible {
    var message: String
    var description: String { message }
}
