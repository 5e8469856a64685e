// `chaos lab up | down | status [--json] | logs [NODE] | reset`: the local network-namespace lab.
// Parsing and printing only; the work is ChaosKit's LabController.

import ArgumentParser
import ChaosKit
import Foundation

struct LabCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "lab",
        abstract: "A real Patroni/etcd/PgPool-II cluster in network namespaces on this machine (needs root).",
        discussion: """
            Nodes: etcd1-3 (10.203.0.11-13), pg1-3 (10.203.0.21-23, PostgreSQL 5432, Patroni 8008), \
            pgpool (10.203.0.30:9999, PCP 9898) on bridge chaosbr0 (host 10.203.0.1). State in /var/lib/chaos-lab \
            (CHAOS_LAB_DIR overrides); the inventory is <state>/inventory.json.
            """,
        subcommands: [Up.self, Down.self, Status.self, Logs.self, Reset.self])
}

/// `--profile`, `--replication`, `--failsafe`: how the cluster is tuned.
struct LabProfileOptions: ParsableArguments {
    @Option(help: "Patroni timing: fast (ttl 10/loop_wait 1/retry_timeout 4), patroni-default (30/10/10), seed (20/5/5).")
    var profile: TimingProfile?

    @Option(help: "Replication: async or sync (Patroni synchronous_mode).")
    var replication: ReplicationMode?

    @Flag(inversion: .prefixedNo, help: "Patroni failsafe_mode (primary survives losing etcd while members see each other).")
    var failsafe: Bool?

    /// The asked profile, or nil when no option was given (keep what runs).
    func resolve(current: ClusterRequirements?) -> ClusterRequirements? {
        guard profile != nil || replication != nil || failsafe != nil else { return nil }
        let base = current ?? .labDefault
        return ClusterRequirements(
            profile: profile ?? base.profile,
            replication: replication ?? base.replication,
            failsafe: failsafe ?? base.failsafe)
    }
}

extension LabCommand {
    struct Up: ParsableCommand, ConsoleCommand {
        static let configuration = CommandConfiguration(
            abstract: "Build the lab and wait until healthy (idempotent; clears a stale lab first; reconfigures to a new profile).")

        @OptionGroup var options: LabProfileOptions

        @Flag(help: "Also start an SSH server in every node (a per-lab key), to drive the lab like remote hosts with --platform ssh.")
        var ssh = false

        @Flag(help: "Also start the baseline: a standalone PostgreSQL with the cluster's settings for `chaos bench --targets single` (left running; `chaos lab down` removes it).")
        var baseline = false

        @Flag(help: "Also start Prometheus (Debian's) on the lab bridge, scraping Patroni, etcd and the PostgreSQL exporters each second, for `promql` probes (left running; `chaos lab down` removes it).")
        var monitoring = false

        @OptionGroup var global: GlobalOptions

        func run() throws {
            let lab = try labAction { try localLab() }
            let result = try labAction { try lab.up(profile: options.resolve(current: lab.inventory()?.profile), progress: printProgress) }
            switch result.outcome {
            case .alreadyHealthy: print("lab is already up and healthy")
            case .reconfigured: print("lab reconfigured and healthy in \(seconds(result.elapsed))")
            case .started: print("lab healthy in \(seconds(result.elapsed))")
            }
            print(result.status.table())
            if ssh {
                let access = try labAction { try lab.startSSH(progress: printProgress) }
                print("SSH: root@<node address> with \(access.identityFile); draft a cluster file with:")
                print("  " + access.discoverCommand.joined(separator: " ") + " --output cluster.yaml")
            }
            if baseline {
                let started = try labAction { try lab.startBaseline(progress: printProgress) }
                print("baseline PostgreSQL \(started ? "started" : "already running") at \(lab.baselineAddress) (benchmarks leave a baseline they did not start running)")
            }
            if monitoring {
                let started = try labAction { try lab.startMonitoring(progress: printProgress) }
                print("Prometheus \(started ? "started" : "already running") at \(lab.monitoringURL) (promql probes without a url ask it)")
            }
        }
    }

    struct Down: ParsableCommand, ConsoleCommand {
        static let configuration = CommandConfiguration(
            abstract: "Remove the lab: processes, namespaces, veths, bridge, iptables rule and state directory.")

        @OptionGroup var global: GlobalOptions

        func run() throws {
            try labAction { try localLab().down(progress: printProgress) }
            print("lab is down; nothing left")
        }
    }

    struct Status: ParsableCommand, ConsoleCommand {
        static let configuration = CommandConfiguration(
            abstract: "Show each node's role, state, timeline, lag and PgPool-II status (exit 3 when not healthy).")

        @Flag(help: ArgumentHelp("Same as --format json (kept for scripts written before --format).", visibility: .hidden)) var json = false
        @OptionGroup var platform: PlatformOption
        @OptionGroup var output: FormatOption
        @OptionGroup var global: GlobalOptions

        func run() throws {
            let status = try platform.resolve().status()
            if json {
                print(try DocumentEncoding.json(status), terminator: "")
            } else if output.isDocument {
                try output.emit(status)
            } else {
                print(status.table())
            }
            if !status.healthy { throw ExitCode.environmentError }
        }
    }

    struct Logs: ParsableCommand, ConsoleCommand {
        static let configuration = CommandConfiguration(abstract: "Show the tail of a node's logs (or of every node).")

        @Argument(help: "Node name (etcd1…3, pg1…3, pgpool); all nodes when omitted.") var node: String?
        @Option(name: [.customShort("n"), .long], help: "Lines per log file.") var lines = 40
        @OptionGroup var platform: PlatformOption
        @OptionGroup var global: GlobalOptions

        func run() throws {
            let lab = try platform.resolve()
            let excerpts = try labAction { try lab.logs(node: node, lines: lines) }
            for excerpt in excerpts {
                print("==> \(excerpt.node) \(excerpt.service.rawValue): \(excerpt.file) <==")
                print(excerpt.text)
                print("")
            }
        }
    }

    struct Reset: ParsableCommand, ConsoleCommand {
        static let configuration = CommandConfiguration(abstract: "Tear the lab down and build a fresh one (new data and credentials).")

        @OptionGroup var options: LabProfileOptions
        @OptionGroup var global: GlobalOptions

        func run() throws {
            let lab = try labAction { try localLab() }
            let result = try labAction { try lab.reset(profile: options.resolve(current: lab.inventory()?.profile), progress: printProgress) }
            print("lab rebuilt and healthy in \(seconds(result.elapsed))")
            print(result.status.table())
        }
    }
}

/// The built-in lab (an unknown `CHAOS_LAB_NETWORK` is an error).
private func localLab() throws -> LabController {
    guard let lab = try PlatformSelection.make("local") as? LabController else { throw LabError("the local platform is not the lab") }
    return lab
}

/// Runs a lab action; a ``LabError`` becomes a message on standard error and exit code 3.
@discardableResult
private func labAction<T>(_ body: () throws -> T) throws -> T {
    do {
        return try body()
    } catch let error as LabError {
        Console.error("error: \(error)")
        throw ExitCode.environmentError
    }
}

private let printProgress: LabProgress = { line in Console.progress("  \(line)") }

/// A duration as `12.3 s`.
func seconds(_ duration: Duration) -> String {
    String(format: "%.1f s", duration.timeInterval)
}
