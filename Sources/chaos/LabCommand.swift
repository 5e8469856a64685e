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

/// `--profile`, `--replication`, `--failsafe` and single settings as values: how the cluster is tuned.
struct LabProfileOptions: ParsableArguments {
    @Option(help: "Patroni timing preset: fast (ttl 10/loop_wait 1/retry_timeout 4), patroni-default (30/10/10), seed (20/5/5).")
    var profile: TimingProfile?

    @Option(help: "Replication: async or sync (Patroni synchronous_mode).")
    var replication: ReplicationMode?

    @Flag(inversion: .prefixedNo, help: "Patroni failsafe_mode (primary survives losing etcd while members see each other).")
    var failsafe: Bool?

    @Option(help: "Patroni ttl, seconds (over the preset's; loop_wait + 2 × retry_timeout ≤ ttl).")
    var ttl: Int?

    @Option(help: "Patroni loop_wait, seconds.")
    var loopWait: Int?

    @Option(help: "Patroni retry_timeout, seconds.")
    var retryTimeout: Int?

    @Option(help: "Patroni maximum_lag_on_failover, bytes (default 1048576).")
    var maximumLagOnFailover: Int64?

    @Flag(inversion: .prefixedNo, help: "Patroni synchronous_mode_strict (with --replication sync).")
    var synchronousModeStrict: Bool?

    @Option(help: "PgPool-II health check as PERIOD/TIMEOUT/MAX_RETRIES/RETRY_DELAY in seconds (the lab's: 1/1/3/1).")
    var pgpoolHealthCheck: String?

    /// The asked settings over `current`, or nil when no option was given (keep what runs).
    func resolve(current: ClusterRequirements?) throws -> ClusterRequirements? {
        let timingGiven = ttl != nil || loopWait != nil || retryTimeout != nil
        guard profile != nil || replication != nil || failsafe != nil || timingGiven || maximumLagOnFailover != nil
            || synchronousModeStrict != nil || pgpoolHealthCheck != nil else { return nil }
        var wanted = current ?? .labDefault
        if let profile {
            wanted.profile = profile
            wanted.customTimings = nil
        }
        if let replication { wanted.replication = replication }
        if let failsafe { wanted.failsafe = failsafe }
        if timingGiven {
            var timings = wanted.timings
            timings.ttl = ttl ?? timings.ttl
            timings.loopWait = loopWait ?? timings.loopWait
            timings.retryTimeout = retryTimeout ?? timings.retryTimeout
            if let violation = timings.violation { throw ValidationError(violation) }
            guard timings.ttl <= 3600 else { throw ValidationError("--ttl must be at most 3600 s") }
            wanted.customTimings = timings
        }
        if let maximumLagOnFailover {
            guard maximumLagOnFailover >= 0 else { throw ValidationError("--maximum-lag-on-failover must be 0 or more bytes") }
            wanted.maximumLagOnFailover = maximumLagOnFailover
        }
        if let synchronousModeStrict { wanted.synchronousModeStrict = synchronousModeStrict }
        if wanted.strict && wanted.replication != .sync { throw ValidationError("--synchronous-mode-strict needs --replication sync") }
        if let pgpoolHealthCheck {
            let parts = pgpoolHealthCheck.split(separator: "/").map { Int($0) }
            guard parts.count == 4, let period = parts[0], let timeout = parts[1], let retries = parts[2], let delay = parts[3],
                  period >= 1, timeout >= 1, delay >= 1, (0...100).contains(retries), max(period, timeout, delay) <= 600 else {
                throw ValidationError("--pgpool-health-check is PERIOD/TIMEOUT/MAX_RETRIES/RETRY_DELAY, whole seconds ≥ 1 (retries 0…100), e.g. 1/1/3/1")
            }
            wanted.pgpoolHealthCheck = PgPoolHealthCheck(period: Double(period), timeout: Double(timeout), retries: retries, retryDelay: Double(delay))
        }
        return wanted
    }
}

extension LabCommand {
    struct Up: ParsableCommand, ConsoleCommand {
        static let configuration = CommandConfiguration(
            abstract: "Build the lab and wait until healthy (idempotent; clears a stale lab first; reconfigures to a new profile).")

        @OptionGroup var options: LabProfileOptions

        @Flag(help: "Bootstrap afresh (initdb, base backups) instead of copying the bootstrap cache's cluster for these settings, and leave the cache as it is.")
        var noCache = false

        @Flag(help: "Also start an SSH server in every node (a per-lab key), to drive the lab like remote hosts with --platform ssh.")
        var ssh = false

        @Flag(help: "Also start the baseline: a standalone PostgreSQL with the cluster's settings for `chaos bench --targets single` (left running; `chaos lab down` removes it).")
        var baseline = false

        @Flag(help: "Also start Prometheus (Debian's) on the lab bridge, scraping Patroni, etcd and the PostgreSQL exporters each second, for `promql` probes (left running; `chaos lab down` removes it).")
        var monitoring = false

        @OptionGroup var global: GlobalOptions

        func run() throws {
            let lab = try labAction { try localLab() }
            let result = try labAction {
                try lab.up(profile: try options.resolve(current: lab.inventory()?.profile), useCache: !noCache, progress: printProgress)
            }
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

        @Flag(help: "Also remove this lab's bootstrapped clusters from the bootstrap cache (/var/cache/chaos-lab).")
        var purgeCache = false

        @OptionGroup var global: GlobalOptions

        func run() throws {
            let lab = try labAction { try localLab() }
            try labAction { try lab.down(progress: printProgress) }
            print("lab is down; nothing left")
            if purgeCache {
                let removed = try labAction { try lab.purgeBootstrapCache() }
                print("bootstrap cache: \(removed) entr\(removed == 1 ? "y" : "ies") removed")
            } else if lab.bootstrapCacheEntries > 0 {
                print("bootstrap cache kept in \(lab.bootstrapCacheRoot) (\(lab.bootstrapCacheEntries) for this lab; --purge-cache removes it)")
            }
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
        static let configuration = CommandConfiguration(
            abstract: "Tear the lab down and build it again with pristine data (the bootstrap cache's copy for these settings, else a new bootstrap).")

        @OptionGroup var options: LabProfileOptions

        @Flag(help: "Bootstrap afresh (initdb, base backups, new credentials) instead of copying the bootstrap cache's cluster, and leave the cache as it is.")
        var noCache = false

        @OptionGroup var global: GlobalOptions

        func run() throws {
            let lab = try labAction { try localLab() }
            let result = try labAction {
                try lab.reset(profile: try options.resolve(current: lab.inventory()?.profile), useCache: !noCache, progress: printProgress)
            }
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
