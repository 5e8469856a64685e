// Shared helpers for the lab tests: the controller they use, and the test's own view of what is on the
// host (it lists namespaces, links, rules and processes itself rather than trusting LabController).

import ChaosKit
import Foundation
import Testing

enum LabSupport {
    /// Why the lab tests are off, or nil when they can run.
    static let skipReason: String? = {
        var reasons: [String] = []
        if !LabPreflight.isRoot { reasons.append("not running as root") }
        let missing = LabPreflight.missingPackages()
        if !missing.isEmpty { reasons.append("missing Debian packages: \(missing.joined(separator: ", "))") }
        guard !reasons.isEmpty else { return nil }
        let reason = "LAB TESTS SKIPPED: \(reasons.joined(separator: "; ")). Run `sudo scripts/install-deps.sh` and the tests as root."
        FileHandle.standardError.write(Data("\n*** \(reason) ***\n\n".utf8))
        return reason
    }()

    /// The repository's infra/ (found from this file's path, so the tests work from any directory).
    static let infraDirectory: String = {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("infra").path
    }()

    /// The tests' own lab: its own state directory, bridge, namespaces and subnet (`CHAOS_LAB_NETWORK=test`),
    /// so a user's lab in /var/lib/chaos-lab on chaosbr0 survives the test suite.
    static let stateDirectory = "/var/lib/chaos-lab-test"

    /// The environment every lab test and every `chaos` process a test starts uses.
    static let environment: [String: String] = {
        var environment = ProcessInfo.processInfo.environment
        environment["CHAOS_INFRA_DIR"] = infraDirectory
        environment["CHAOS_LAB_DIR"] = stateDirectory
        environment["CHAOS_LAB_NETWORK"] = "test"
        environment["CHAOS_PLATFORM"] = "local"
        return environment
    }()

    /// The controller the tests drive: the tests' own lab (see ``stateDirectory``).
    static func controller() -> LabController {
        LabController(environment: environment)
    }

    /// The tests' lab topology.
    static let topology = LabTopology.test

    /// The address of a node of the tests' lab.
    static func address(_ node: String) -> String { topology.node(node)?.address ?? "" }

    static let runner = CommandRunner()

    /// A healthy lab with no fault in effect. PgPool-II can wedge for good after the primary is demoted and
    /// re-promoted (docs/lab.md, "PgPool-II: the settings that matter"): a lab that is not healthy within a minute is rebuilt rather than failing the
    /// test that merely needs one.
    static func ensureHealthy(_ lab: LabController) throws {
        _ = try lab.up(profile: .labDefault)
        _ = try FaultInjector.forPlatform(lab, runID: "test").recover()
        if (try? lab.waitUntilHealthy(timeout: .seconds(60))) == nil {
            _ = try lab.reset()
            _ = try lab.waitUntilHealthy(timeout: .seconds(150))
        }
    }

    /// ``ensureHealthy(_:)``, and every PostgreSQL node's data on a filesystem of its own (what the disk faults act
    /// on): a lab brought up with `--no-cache` by an earlier test is reset from the bootstrap cache.
    static func ensureDataFilesystems(_ lab: LabController) throws {
        try ensureHealthy(lab)
        let nodes = lab.topology.nodes(.postgres).map(\.name)
        if !nodes.allSatisfy({ LabDataFilesystem(layout: lab.layout, node: $0).isMounted }) {
            _ = try lab.reset()
            _ = try lab.waitUntilHealthy(timeout: .seconds(150))
        }
        for node in nodes { #expect(LabDataFilesystem(layout: lab.layout, node: node).isMounted, "\(node)'s data on a filesystem of its own") }
    }

    /// Reads the kernel and the processes (not the journal): no fault rule or qdisc in any node, every service
    /// running and not stopped, the cluster healthy, the journal empty.
    static func expectNoFaultLeft(_ lab: LabController, sourceLocation: Testing.SourceLocation = #_sourceLocation) throws {
        let inventory = try #require(lab.inventory(), sourceLocation: sourceLocation)
        for node in inventory.nodes {
            let rules = runner.run(["ip", "netns", "exec", node.namespace, "iptables", "-w", "5", "-S"]).standardOutput
            #expect(!rules.contains("chaos-fault"), "\(node.name) still has fault rules: \(rules)", sourceLocation: sourceLocation)
            #expect(!rules.contains("DROP") || rules.split(separator: "\n").allSatisfy { $0.hasPrefix("-P") }, "\(node.name): \(rules)",
                    sourceLocation: sourceLocation)
            let qdisc = runner.run(["ip", "netns", "exec", node.namespace, "tc", "qdisc", "show", "dev", "eth0"]).standardOutput
            #expect(!qdisc.contains("tbf") && !qdisc.contains("netem"), "\(node.name) still has a fault qdisc: \(qdisc)",
                    sourceLocation: sourceLocation)
        }
        _ = try lab.waitUntilHealthy(timeout: .seconds(150))
        for node in try #require(lab.inventory(), sourceLocation: sourceLocation).nodes {
            for service in node.services where !service.command.isEmpty {
                let pid = try #require(try lab.control.pid(of: service.kind, on: node.name), "\(service.kind) on \(node.name) is not running",
                                       sourceLocation: sourceLocation)
                let state = ProcessTable.state(of: pid)
                #expect(state != nil && state != "T" && state != "Z", "\(service.kind) on \(node.name) is in state \(String(describing: state))",
                        sourceLocation: sourceLocation)
            }
        }
        #expect(try FaultJournal(stateDirectory: lab.layout.stateDirectory).unhealed().isEmpty, sourceLocation: sourceLocation)
    }

    /// Every healable fault kind as `chaos fault inject` arguments (latency and jitter need netem, which these
    /// kernels lack: `netemIsRefusedClearlyAndLeavesNothing` covers them). `pause` freezes an etcd follower: a
    /// frozen PostgreSQL node is a known PgPool-II 4.3.5 limitation (docs/lab.md), covered by the fault tests.
    /// The disk faults (`disk_full`, `fs_freeze`) need the lab's data filesystems, which a `--no-cache` lab an
    /// earlier test leaves has not: `DiskFullLabTests` inject and heal them.
    static let healableFaults: [[String]] = [
        ["kill", "--target", "replica"],
        ["stop", "--target", "replica", "--set", "service=postgres"],
        ["pause", "--target", "etcd_follower"],
        ["isolate", "--target", "etcd_follower"],
        ["partition", "--set", "groups=[[primary], [replica, etcd]]"],
        ["drop", "--set", "from=primary", "--set", "to=replica"],
        ["packet_loss", "--target", "all of replica", "--set", "percent=50"],
        ["bandwidth", "--target", "replica", "--set", "rate=1mbit"],
        ["patroni_pause"],
        ["pgpool_detach", "--target", "replica"],
    ]

    /// `.build/debug/chaos`, built by `swift build --build-tests`.
    static let chaosBinary: String = {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent(".build/debug/chaos").path
    }()

    /// Namespaces named like ours that exist.
    static func namespaces() -> [String] {
        runner.run(["ip", "netns", "list"]).standardOutput.split(separator: "\n")
            .map { String($0.split(separator: " ").first ?? "") }.filter { $0.hasPrefix(topology.nodes[0].namespacePrefix + "-") }
    }

    /// Links named like ours (veths chv-*, the bridge).
    static func links(bridge: String) -> [String] {
        runner.run(["ip", "-o", "link", "show"]).standardOutput.split(separator: "\n").compactMap { line in
            let fields = line.split(separator: ":", maxSplits: 2)
            guard fields.count > 1 else { return nil }
            let name = String(fields[1].trimmingCharacters(in: .whitespaces).split(separator: "@").first ?? "")
            return name.hasPrefix(topology.nodes[0].interfacePrefix + "-") || name == bridge ? name : nil
        }
    }

    /// iptables rules (any table's FORWARD/INPUT/OUTPUT in the filter table) mentioning the lab.
    static func rules(comment: String, bridge: String) -> [String] {
        runner.run(["iptables", "-w", "5", "-S"]).standardOutput.split(separator: "\n").map(String.init)
            .filter { $0.contains(comment) || $0.contains(bridge) }
    }

    /// Live processes whose command line mentions the state directory or a lab address, or whose PID is in `pids`.
    static func processes(stateDirectory: String, addresses: [String], pids: [Int32]) -> [Int32] {
        ProcessTable.allPIDs().filter { pid in
            guard ProcessTable.isAlive(pid), pid != getpid() else { return false }
            if pids.contains(pid) { return true }
            let commandLine = ProcessTable.commandLine(of: pid).joined(separator: " ")
            return commandLine.contains(stateDirectory + "/") || addresses.contains { commandLine.contains("\($0):") }
        }
    }

    /// Runs one SQL statement with psql, returning its trimmed output (or nil on failure).
    static func psql(host: String, port: Int, user: String, password: String, database: String, sql: String) -> String? {
        let result = runner.run(["psql", "-X", "-q", "-At", "-h", host, "-p", "\(port)", "-U", user, "-d", database, "-c", sql],
                                environment: ["PGPASSWORD": password, "PGCONNECT_TIMEOUT": "3"], timeout: .seconds(10))
        return result.succeeded ? result.standardOutput.trimmingCharacters(in: .whitespacesAndNewlines) : nil
    }
}

/// An exclusive flock held from creation until the object is released: one lab test at a time on this
/// machine, even across `swift test` processes of different checkouts.
final class LabTestLock {
    private let descriptor: Int32

    init(path: String = "/tmp/chaos-lab-tests.lock") {
        descriptor = open(path, O_CREAT | O_RDWR | O_CLOEXEC, 0o644)
        if descriptor >= 0 { while flock(descriptor, LOCK_EX) != 0 && errno == EINTR {} }
    }

    deinit {
        if descriptor >= 0 {
            flock(descriptor, LOCK_UN)
            close(descriptor)
        }
    }
}
