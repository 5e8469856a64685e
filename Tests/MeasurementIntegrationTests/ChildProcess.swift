// posix_spawn + waitpid for test helpers (Foundation's Process can miss the exit of a child whose
// grandchild, e.g. the postmaster, lives on).

import Foundation

/// A spawned child process with output sent to /dev/null.
struct ChildProcess {
    let pid: pid_t

    /// Spawns `argv` in the background.
    static func spawn(_ argv: [String]) throws -> ChildProcess {
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
        return ChildProcess(pid: pid)
    }

    /// Runs `argv` to completion; throws unless it exits 0.
    static func run(_ argv: [String]) throws {
        let child = try spawn(argv)
        let status = child.wait()
        guard status == 0 else { throw LocalPostgresError(message: "\(argv.joined(separator: " ")) failed (wait status \(status))") }
    }

    /// Waits for the child and returns its wait status.
    @discardableResult
    func wait() -> Int32 {
        var status: Int32 = 0
        while waitpid(pid, &status, 0) < 0 && errno == EINTR {}
        return status
    }

    /// Kills the child (SIGKILL) and reaps it.
    func kill() {
        _ = Glibc.kill(pid, SIGKILL)
        wait()
    }
}
