// Runs shell scripts on a host with Debian's OpenSSH client. Connections are multiplexed (ControlMaster):
// the first command to a host opens a master connection that later commands reuse, so a fault's command
// reaches the host in milliseconds instead of a new handshake. Masters persist 5 minutes idle and are
// closed by `closeAll()` when chaos exits; a runner that dies leaves them to time out on their own.

import Foundation

/// One host's SSH login, and the commands run through it.
public struct SSHSession: Sendable {
    /// The host (address or name).
    public var host: String
    /// User, port, key, known hosts.
    public var login: SSHLogin
    /// The directory holding the control sockets (on this machine, root only).
    public var controlDirectory: String
    /// Runs `ssh`.
    public var runner: CommandRunner
    /// When set, scripts that change something are handed to it instead of run (`--dry-run`).
    public var recorder: (@Sendable ([String]) -> Void)?
    /// Shell to run first, in the same round trip, before the next script that changes something (a
    /// dead-man's switch waiting to be armed); it is taken, so it runs once.
    public var pendingPrefix: (@Sendable () -> String?)?

    /// A session to `host`.
    public init(host: String, login: SSHLogin, controlDirectory: String, runner: CommandRunner = CommandRunner(),
                recorder: (@Sendable ([String]) -> Void)? = nil) {
        self.host = host
        self.login = login
        self.controlDirectory = controlDirectory
        self.runner = runner
        self.recorder = recorder
    }

    /// The `ssh` options every call uses.
    var options: [String] {
        var options = [
            "-o", "BatchMode=yes", "-o", "ConnectTimeout=5", "-o", "ServerAliveInterval=2", "-o", "ServerAliveCountMax=3",
            "-o", "ControlMaster=auto", "-o", "ControlPath=\(controlDirectory)/%C", "-o", "ControlPersist=300",
            "-o", "StrictHostKeyChecking=accept-new", "-o", "LogLevel=ERROR", "-p", "\(login.port)",
        ]
        if let file = login.knownHostsFile { options += ["-o", "UserKnownHostsFile=\(file)"] }
        if let key = login.identityFile { options += ["-i", key, "-o", "IdentitiesOnly=yes"] }
        if let user = login.user { options += ["-l", user] }
        return options
    }

    /// The whole `ssh` command line that runs `script` on the host (with `sudo -n` for a user other than root).
    public func commandLine(_ script: String) -> [String] {
        let remote = (login.needsSudo ? "sudo -n sh -c " : "sh -c ") + ShellQuote.quote(script)
        return ["ssh"] + options + ["-T", host, "--", remote]
    }

    /// Runs `script` on the host. A script that `changes` something is only recorded in a dry run.
    public func run(_ script: String, changes: Bool, timeout: Duration = .seconds(30)) -> CommandResult {
        let prefix = changes ? pendingPrefix?() : nil
        let arguments = commandLine(prefix.map { $0 + "\n" + script } ?? script)
        if changes, let recorder {
            recorder(arguments)
            return CommandResult(arguments: arguments, status: 0, standardOutput: "", standardError: "")
        }
        try? FileManager.default.createDirectory(atPath: controlDirectory, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        Self.opened.withLock { $0.insert(SSHMaster(options: options, host: host)) }
        return runner.run(arguments, timeout: timeout)
    }

    /// Runs `script` and returns its standard output; a failure (the host unreachable, the script's own
    /// error) throws with what the host said.
    @discardableResult
    public func output(_ script: String, changes: Bool, doing what: String, timeout: Duration = .seconds(30)) throws(LabError) -> String {
        let result = run(script, changes: changes, timeout: timeout)
        guard result.succeeded else { throw failure(result, doing: what) }
        return result.standardOutput
    }

    /// The error for a failed call: unreachable (ssh's own 255) or the remote command's failure.
    public func failure(_ result: CommandResult, doing what: String) -> LabError {
        let said = result.standardError.trimmingCharacters(in: .whitespacesAndNewlines)
        if result.timedOut { return LabError("\(what) on \(host): no answer over SSH within the time limit", hint: "check that \(host) is up and reachable") }
        if result.status == 255 {
            return LabError("cannot reach \(host) over SSH (\(what)): \(said)",
                            hint: "check the address, user, key and port in the cluster file (try `ssh \(login.user.map { "\($0)@" } ?? "")\(host) true`)")
        }
        return LabError("\(what) on \(host) failed (exit \(result.status)): \(said)")
    }

    private static let opened = Locked(Set<SSHMaster>())

    /// Closes every master connection this process opened (`ssh -O exit`).
    public static func closeAll(runner: CommandRunner = CommandRunner()) {
        let masters = opened.withLock { masters in
            defer { masters.removeAll() }
            return masters
        }
        for master in masters {
            _ = runner.run(["ssh"] + master.options + ["-O", "exit", master.host], timeout: .seconds(5))
        }
    }
}

/// A master connection: the options that name its control socket, and the host.
private struct SSHMaster: Hashable, Sendable {
    var options: [String]
    var host: String
}
