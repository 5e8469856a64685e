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
    private(set) var port: Int

    /// Creates and starts a fresh cluster on a random loopback port.
    init() throws {
        port = LocalPostgres.freePort()
        directory = NSTemporaryDirectory() + "chaos-measure-\(UUID().uuidString.prefix(8))"
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        if getuid() == 0 { try LocalPostgres.run("/bin/chown", ["postgres", directory], asPostgres: false) }
        try LocalPostgres.run("\(LocalPostgres.binaries)/initdb", ["-D", "\(directory)/data", "-A", "trust", "-U", "postgres"])
        try startOnAFreePort()
    }

    /// Creates a streaming standby of `primary` (pg_basebackup -R) and starts it.
    init(standbyOf primary: LocalPostgres) throws {
        port = LocalPostgres.freePort()
        directory = NSTemporaryDirectory() + "chaos-measure-\(UUID().uuidString.prefix(8))"
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        if getuid() == 0 { try LocalPostgres.run("/bin/chown", ["postgres", directory], asPostgres: false) }
        try LocalPostgres.run(
            "\(LocalPostgres.binaries)/pg_basebackup",
            ["-h", "127.0.0.1", "-p", String(primary.port), "-U", "postgres", "-D", "\(directory)/data", "-R", "-X", "stream"])
        try startOnAFreePort()
    }

    /// Promotes a standby and waits for it.
    func promote() throws {
        try LocalPostgres.run("\(LocalPostgres.binaries)/pg_ctl", ["-D", "\(directory)/data", "-w", "promote"])
    }

    /// The libpq DSN of this server over TCP.
    var dsn: String { "host=127.0.0.1 port=\(port) user=postgres dbname=postgres connect_timeout=2" }

    /// A loopback port nothing listens on or connects from right now (the kernel's pick for a bind to port 0).
    /// Tests run side by side and open many client sockets, so a random port could be taken.
    static func freePort() -> Int {
        let descriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        defer { close(descriptor) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        address.sin_port = 0
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafeMutablePointer(to: &address) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                bind(descriptor, $0, length) == 0 && getsockname(descriptor, $0, &length) == 0
            }
        }
        return bound ? Int(UInt16(bigEndian: address.sin_port)) : Int.random(in: 56_000..<57_000)
    }

    /// Starts on `port`, moving to another free port if that one was taken in the meantime (three tries).
    private func startOnAFreePort() throws {
        for attempt in 1...3 {
            do {
                return try start()
            } catch where attempt < 3 {
                port = LocalPostgres.freePort()
            }
        }
    }

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
