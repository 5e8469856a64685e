// `chaos lab up --ssh`: an OpenSSH server in every node's namespace, listening on the node's own address
// with a key made for this lab, so the lab can be driven exactly like remote hosts — through the SSH
// platform and a cluster file drafted by `chaos discover`. The servers are processes in the lab's
// namespaces, so `chaos lab down` stops them with the rest.

import Foundation

/// Where the lab's SSH files are, and the command that drafts its cluster file.
public struct LabSSHAccess: Sendable, Equatable {
    /// The private key that logs in as root on every node.
    public var identityFile: String
    /// The known_hosts file the nodes' host key is recorded in.
    public var knownHostsFile: String
    /// `chaos discover …` for this lab.
    public var discoverCommand: [String]
}

extension LabController {
    /// The directory with the lab's SSH keys and server configuration.
    var sshDirectory: String { "\(layout.stateDirectory)/ssh" }

    /// Starts sshd in every node's namespace (those already running are left alone).
    ///
    /// - Throws: ``LabError`` when the lab is down, openssh-server is missing, or a server does not start.
    @discardableResult
    public func startSSH(progress: LabProgress = { _ in }) throws(LabError) -> LabSSHAccess {
        guard let inventory = inventory() else { throw LabError("the lab is down", hint: "`chaos lab up --ssh` builds it and starts the SSH servers") }
        guard FileManager.default.isExecutableFile(atPath: "/usr/sbin/sshd") else {
            throw LabError("/usr/sbin/sshd is missing", hint: "install Debian's openssh-server (scripts/install-deps.sh does)")
        }
        let directory = sshDirectory
        let key = "\(directory)/id_ed25519", hostKey = "\(directory)/host_ed25519", knownHosts = "\(directory)/known_hosts"
        do {
            try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
            // sshd's privilege separation directory (Debian creates it at boot, containers often do not have it).
            try FileManager.default.createDirectory(atPath: "/run/sshd", withIntermediateDirectories: true, attributes: [.posixPermissions: 0o755])
        } catch { throw LabError("cannot create \(directory): \(error)", hint: "run as root") }
        for file in [key, hostKey] where !FileManager.default.fileExists(atPath: file) {
            let made = runner.run(["ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-C", "chaos-lab", "-f", file], timeout: .seconds(20))
            guard made.succeeded else { throw LabError("ssh-keygen failed: \(made.standardError)", hint: "install openssh-client") }
        }
        do {
            try FileManager.default.copyItem(atPath: "\(key).pub", toPath: "\(directory)/authorized_keys.new")
            _ = try? FileManager.default.removeItem(atPath: "\(directory)/authorized_keys")
            try FileManager.default.moveItem(atPath: "\(directory)/authorized_keys.new", toPath: "\(directory)/authorized_keys")
            if !FileManager.default.fileExists(atPath: knownHosts) { FileManager.default.createFile(atPath: knownHosts, contents: Data()) }
        } catch { throw LabError("cannot write the lab's authorized_keys: \(error)") }
        for node in inventory.nodes {
            let pidFile = "\(layout.runDirectory(node.name))/chaos-sshd.pid"
            if let text = try? String(contentsOfFile: pidFile, encoding: .utf8), let pid = Int32(text.trimmingCharacters(in: .whitespacesAndNewlines)),
               // sshd rewrites its process title into one string ("sshd: /usr/sbin/sshd -D -e -f FILE [listener] …").
               ProcessTable.commandLine(of: pid).joined(separator: " ").contains("\(layout.configDirectory(node.name))/sshd_config") {
                continue
            }
            let config = "\(layout.configDirectory(node.name))/sshd_config"
            let text = """
                # chaos lab: sshd for node \(node.name) (started by `chaos lab up --ssh`)
                ListenAddress \(node.address)
                Port 22
                HostKey \(hostKey)
                AuthorizedKeysFile \(directory)/authorized_keys
                PidFile none
                PermitRootLogin prohibit-password
                PasswordAuthentication no
                KbdInteractiveAuthentication no
                UsePAM no
                PrintMotd no
                MaxSessions 64
                MaxStartups 64
                LogLevel ERROR

                """
            do { try text.write(toFile: config, atomically: true, encoding: .utf8) } catch { throw LabError("cannot write \(config): \(error)") }
            let pid: Int32
            do {
                pid = try ServiceSpawner.start(ServiceLaunch(namespace: node.namespace, user: "root", command: ["/usr/sbin/sshd", "-D", "-e", "-f", config],
                                                            environment: ["PATH": "/usr/sbin:/usr/bin:/sbin:/bin"], logFile: "\(layout.logDirectory(node.name))/sshd.log"))
            } catch { throw LabError("could not start sshd on \(node.name): \(error)", hint: "see \(layout.logDirectory(node.name))/sshd.log") }
            usleep(150_000)
            ProcessTable.reap(pid)
            guard ProcessTable.isAlive(pid) else {
                throw LabError("sshd on \(node.name) exited right after starting", hint: "see \(layout.logDirectory(node.name))/sshd.log")
            }
            try? "\(pid)\n".write(toFile: pidFile, atomically: true, encoding: .utf8)
            progress("sshd on \(node.name) (\(node.address):22)")
        }
        let pg = inventory.nodes(.postgres).first
        let etcd = inventory.nodes(.etcd).first
        let pgpool = inventory.nodes(.pgpool).first
        var command = ["chaos", "discover", "--patroni", "http://\(pg?.address ?? "?"):\(pg?.ports["patroni-api"] ?? LabPorts.patroniAPI)"]
        if let etcd { command += ["--etcd", "http://\(etcd.address):\(etcd.ports["etcd-client"] ?? LabPorts.etcdClient)"] }
        if let pgpool { command += ["--pgpool", pgpool.address] }
        command += ["--ssh-user", "root", "--ssh-key", key, "--known-hosts", knownHosts, "--credentials-file", layout.credentialsFile]
        return LabSSHAccess(identityFile: key, knownHostsFile: knownHosts, discoverCommand: command)
    }
}
