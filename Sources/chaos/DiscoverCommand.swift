// `chaos discover --patroni URL [--etcd URL…] [--pgpool ADDRESS] [--ssh-user U] …`: drafts a cluster file for
// the ssh platform from what the cluster says about itself, and names what it could not learn.

import ArgumentParser
import ChaosKit
import Foundation

struct DiscoverCommand: ParsableCommand, ConsoleCommand {
    static let configuration = CommandConfiguration(
        commandName: "discover",
        abstract: "Draft a cluster file for --platform ssh from Patroni's REST API, etcd's member list and the hosts themselves.",
        discussion: """
            Reads Patroni's /patroni and /cluster, etcd's member list and, with --ssh-user, each host's interface and \
            how each service runs (a systemd unit, or the process listening on its port). Prints what it could not learn \
            on standard error. Check the draft before the first fault (docs/platforms.md).

            Example:
              chaos discover --patroni http://10.0.0.21:8008 --etcd http://10.0.0.11:2379 --pgpool 10.0.0.30 \\
                --ssh-user root --credentials-file /etc/chaos/prod.json --output cluster.yaml
            """)

    @Option(help: ArgumentHelp("A Patroni member's REST API.", valueName: "url")) var patroni: String
    @Option(help: ArgumentHelp("An etcd client URL (repeatable); default: read from Patroni's configuration over SSH.", valueName: "url")) var etcd: [String] = []
    @Option(help: ArgumentHelp("PgPool-II's address (ports 9999 and PCP 9898).", valueName: "address")) var pgpool: String?
    @Option(help: ArgumentHelp("Log in to the hosts as this user (root, or one allowed `sudo -n`); without it nothing is read from the hosts.", valueName: "user")) var sshUser: String?
    @Option(help: ArgumentHelp("The SSH port.", valueName: "port")) var sshPort = 22
    @Option(help: ArgumentHelp("The private key (default: your ssh configuration and agent).", valueName: "file")) var sshKey: String?
    @Option(help: ArgumentHelp("The known_hosts file (new host keys are accepted and recorded there).", valueName: "file")) var knownHosts: String?
    @Option(help: ArgumentHelp("The cluster's credentials file to name in the draft.", valueName: "file")) var credentialsFile: String?
    @Option(name: [.short, .long], help: ArgumentHelp("Write the draft here instead of standard output.", valueName: "file")) var output: String?
    @OptionGroup var global: GlobalOptions

    func validate() throws {
        guard (1...65_535).contains(sshPort) else { throw ValidationError("--ssh-port must be 1…65535") }
        guard patroni.hasPrefix("http://") || patroni.hasPrefix("https://") else { throw ValidationError("--patroni wants a URL such as http://10.0.0.21:8008") }
    }

    func run() throws {
        let login = sshUser.map { SSHLogin(user: $0, port: sshPort, identityFile: sshKey, knownHostsFile: knownHosts) }
        let root = ProcessInfo.processInfo.environment["CHAOS_SSH_STATE_DIR"].flatMap { $0.isEmpty ? nil : $0 } ?? "/var/lib/chaos-ssh"
        let request = DiscoveryRequest(patroniURL: patroni, etcdURLs: etcd, pgpoolAddress: pgpool, login: login,
                                       credentialsFile: credentialsFile, controlDirectory: "\(root)/discover-ssh")
        let result = try environment { try ClusterDiscovery().discover(request) }
        if let output {
            do { try result.text.write(toFile: output, atomically: true, encoding: .utf8) } catch {
                Console.error("error: cannot write \(output): \(error)")
                throw ExitCode.environmentError
            }
            Console.progress("wrote \(output)")
        } else {
            print(result.text, terminator: "")
        }
        for line in result.unknown { Console.error("could not learn: \(line)") }
    }
}
