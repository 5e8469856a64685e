// Starts a long-running service detached from us: a new session (setsid), inside a network namespace
// (`ip netns exec`), as its own user (`setpriv`), with an empty environment (`env -i`), output appended to
// a log file. Every program in the chain execs the next, so the PID we get back is the service's own.
// This file owns every C pointer used for posix_spawn.

import CSpawn
import Foundation

/// What to start and how.
public struct ServiceLaunch: Sendable {
    /// The network namespace to run in (nil: the host's).
    public var namespace: String?
    /// The user (and its primary group) to run as.
    public var user: String
    /// The program (absolute path) and its arguments.
    public var command: [String]
    /// The service's whole environment (nothing is inherited).
    public var environment: [String: String]
    /// The file that receives standard output and standard error (appended).
    public var logFile: String

    /// Describes a launch.
    public init(namespace: String?, user: String, command: [String], environment: [String: String], logFile: String) {
        self.namespace = namespace
        self.user = user
        self.command = command
        self.environment = environment
        self.logFile = logFile
    }

    /// The user's primary group id from the password database (`nobody`'s group is `nogroup`, not `nobody`);
    /// the user name itself when the user is unknown, so setpriv reports the problem.
    var primaryGroup: String {
        guard let entry = getpwnam(user) else { return user }
        return String(entry.pointee.pw_gid)
    }

    /// The full argument vector: `ip netns exec NS setpriv … env -i K=V … command`.
    public var argumentVector: [String] {
        var argv: [String] = []
        if let namespace { argv += ["/usr/sbin/ip", "netns", "exec", namespace] }
        argv += ["/usr/bin/setpriv", "--reuid=\(user)", "--regid=\(primaryGroup)", "--init-groups", "/usr/bin/env", "-i"]
        argv += environment.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }
        argv += command
        return argv
    }
}

/// Starts services with `posix_spawn` in a new session.
public enum ServiceSpawner {
    /// glibc's `POSIX_SPAWN_SETSID` (not exported to Swift): the child calls setsid() before exec.
    private static let spawnSetSID: Int32 = 0x80

    /// Starts the service and returns its PID (already the service's own PID: each step execs).
    public static func start(_ launch: ServiceLaunch) throws(CommandError) -> Int32 {
        let argv = launch.argumentVector
        var fileActions = posix_spawn_file_actions_t()
        var attributes = posix_spawnattr_t()
        posix_spawn_file_actions_init(&fileActions)
        posix_spawnattr_init(&attributes)
        defer {
            posix_spawn_file_actions_destroy(&fileActions)
            posix_spawnattr_destroy(&attributes)
        }
        posix_spawn_file_actions_addopen(&fileActions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&fileActions, 1, launch.logFile, O_WRONLY | O_CREAT | O_APPEND, 0o640)
        posix_spawn_file_actions_adddup2(&fileActions, 1, 2)
        // Nothing else of ours leaks into a long-lived service: not the pipes of concurrent commands, not a
        // lock file (a daemon holding a test's flock would keep it for the daemon's whole life).
        chaos_spawn_add_closefrom(&fileActions, 3)
        // A daemon does not hold on to our working directory (which may be a test's temporary folder).
        chaos_spawn_add_chdir(&fileActions, "/")
        // A new session, default signal dispositions and an empty mask: nothing we ignore or block leaks in.
        var defaults = sigset_t(), empty = sigset_t()
        sigfillset(&defaults)
        sigemptyset(&empty)
        posix_spawnattr_setsigdefault(&attributes, &defaults)
        posix_spawnattr_setsigmask(&attributes, &empty)
        let flags = spawnSetSID | Int32(POSIX_SPAWN_SETSIGDEF) | Int32(POSIX_SPAWN_SETSIGMASK)
        posix_spawnattr_setflags(&attributes, Int16(flags))

        var cArguments: [UnsafeMutablePointer<CChar>?] = argv.map { strdup($0) } + [nil]
        var cEnvironment: [UnsafeMutablePointer<CChar>?] = [strdup("PATH=/usr/sbin:/usr/bin:/sbin:/bin"), nil]
        defer {
            for pointer in cArguments { free(pointer) }
            for pointer in cEnvironment { free(pointer) }
        }
        var pid: pid_t = 0
        let status = posix_spawn(&pid, argv[0], &fileActions, &attributes, &cArguments, &cEnvironment)
        guard status == 0 else {
            throw CommandError(arguments: argv, reason: "posix_spawn: \(String(cString: strerror(status)))")
        }
        return pid
    }
}
