// The local lab's front door: up, down, status, logs, reset. Bring-up and tear-down live in their own
// files (LabController+Up.swift, LabController+Down.swift); this file holds the shared parts.

public import Foundation

/// Receives one human-readable progress line (the CLI prints it; tests may ignore it).
public typealias LabProgress = @Sendable (String) -> Void

/// Builds, inspects and removes the local network-namespace lab; the only platform with a lifecycle.
///
/// Every method blocks the calling thread (seconds for `up`/`down`); call from a dedicated thread.
public struct LabController: ClusterPlatform {
    /// Where the lab keeps its state.
    public var layout: LabLayout
    /// The nodes and network.
    public var topology: LabTopology
    /// Runs host commands.
    public var runner: CommandRunner
    /// The environment used to locate `infra/` (`CHAOS_INFRA_DIR`).
    public var environment: [String: String]

    /// A controller for the lab in `layout` (default: `CHAOS_LAB_DIR` or `/var/lib/chaos-lab`) on `topology`
    /// (default: the one `CHAOS_LAB_NETWORK` names, else the standard one); `environment` defaults to the
    /// process's.
    public init(layout: LabLayout? = nil, topology: LabTopology? = nil, runner: CommandRunner = CommandRunner(),
                environment: [String: String]? = nil) {
        let environment = environment ?? ProcessInfo.processInfo.environment
        self.layout = layout ?? LabLayout.fromEnvironment(environment)
        // An unknown CHAOS_LAB_NETWORK is reported by `PlatformSelection` (every command goes through it).
        self.topology = topology ?? (try? LabTopology.fromEnvironment(environment)) ?? .standard
        self.runner = runner
        self.environment = environment
    }

    public var kind: PlatformKind { .local }
    public var stateDirectory: String { layout.stateDirectory }
    public var ownsCluster: Bool { true }
    public var safety: FaultSafety { .none }

    /// Process control over the lab's nodes (the local lab's own).
    public var control: LocalLab { LocalLab(inventoryFile: layout.inventoryFile, runner: runner) }

    public var nodeControl: any NodeControl { control }

    public func currentInventory() throws(LabError) -> Inventory {
        do { return try Inventory.load(from: layout.inventoryFile) } catch {
            throw LabError("no lab is up (\(error.reason.hasPrefix("no inventory") ? "no inventory at \(layout.inventoryFile)" : error.description))",
                           hint: "bring it up with `chaos lab up`")
        }
    }

    public func currentCredentials() throws(LabError) -> ClusterCredentials {
        do { return try ClusterCredentials.load(from: layout.credentialsFile) } catch {
            throw LabError("cannot read the lab's credentials at \(layout.credentialsFile)", hint: "run as root")
        }
    }

    /// Probes the lab: per-node role/state/timeline/lag/PgPool-II view and the health verdict.
    public func status() -> LabStatus {
        guard let inventory = inventory() else {
            let left = leftovers()
            if left.isClean { return .absent }
            return LabStatus(exists: true, healthy: false, problems: ["a stale lab is left (\(left.summary)); `chaos lab down` removes it"],
                             profile: nil, leader: nil, nodes: [])
        }
        return probe(inventory, processes: ClusterHealth.processStates(of: inventory))
    }

    /// Reconfigures the running lab when its profile differs from `requirements`.
    public func prepare(for requirements: ClusterRequirements, progress: LabProgress) throws(LabError) {
        guard let inventory = inventory() else { throw LabError("no lab is up (no inventory at \(layout.inventoryFile))", hint: "bring it up with `chaos lab up`") }
        if inventory.profile != requirements { _ = try reconfigure(to: requirements, progress: progress) }
    }

    public func rebuild(profile: ClusterRequirements, progress: LabProgress) throws(LabError) {
        _ = try reset(profile: profile, progress: progress)
    }

    /// The last `lines` lines of each log of one node (or of every node).
    public func logs(node: String?, lines: Int = 40) throws(LabError) -> [LabLogExcerpt] {
        guard let inventory = inventory() else {
            throw LabError("the lab is down, there are no logs (down removes them)", hint: "`chaos lab up` starts it")
        }
        return try LabLogExcerpt.tails(of: inventory, node: node, lines: lines)
    }

    /// Tears the lab down and builds it again with pristine data: the bootstrap cache's copy for these settings
    /// (and the credentials it was made with) when there is one and `useCache`, else a new bootstrap.
    public func reset(profile: ClusterRequirements? = nil, useCache: Bool = true, progress: LabProgress = { _ in }) throws(LabError) -> LabUpResult {
        try withLabLock { () throws(LabError) -> LabUpResult in
            let previous = inventory()?.profile
            try downHoldingLock(progress: progress)
            return try upHoldingLock(profile: profile ?? previous, useCache: useCache, timeout: .seconds(180), progress: progress)
        }
    }
}

/// The tail of one log file.
public struct LabLogExcerpt: Sendable, Equatable {
    /// The node.
    public var node: String
    /// The service that writes it.
    public var service: ServiceKind
    /// The file.
    public var file: String
    /// Its last lines.
    public var text: String

    /// The tails of the log files the inventory names, for one node or all.
    static func tails(of inventory: Inventory, node: String?, lines: Int) throws(LabError) -> [LabLogExcerpt] {
        let nodes = try inventory.select(node)
        var excerpts: [LabLogExcerpt] = []
        for entry in nodes {
            for service in entry.services {
                guard let data = FileManager.default.contents(atPath: service.logFile) else { continue }
                let text = String(decoding: data, as: UTF8.self)
                let tail = text.split(separator: "\n", omittingEmptySubsequences: false).suffix(lines + 1)
                excerpts.append(LabLogExcerpt(node: entry.name, service: service.kind, file: service.logFile,
                                              text: tail.joined(separator: "\n").trimmingCharacters(in: .newlines)))
            }
        }
        return excerpts
    }
}

extension Inventory {
    /// The node named `name`, or every node when nil.
    ///
    /// - Throws: ``LabError`` naming the nodes there are when none has that name.
    public func select(_ name: String?) throws(LabError) -> [Node] {
        guard let name else { return nodes }
        guard let entry = node(name) else {
            throw LabError("no node named \(name)", hint: "nodes: \(nodes.map(\.name).joined(separator: ", "))")
        }
        return [entry]
    }
}

/// What `up` did.
public struct LabUpResult: Sendable {
    /// Built from scratch, already healthy (nothing done), or reconfigured to another profile.
    public enum Outcome: String, Sendable {
        /// A new lab was built.
        case started
        /// It was already up and healthy with the asked profile.
        case alreadyHealthy = "already-healthy"
        /// It was up; its Patroni/PgPool-II settings were changed to the asked profile.
        case reconfigured
    }

    /// What happened.
    public var outcome: Outcome
    /// From the call to healthy.
    public var elapsed: Duration
    /// Whether a stale lab was cleared first.
    public var clearedStale: Bool
    /// The healthy status at the end.
    public var status: LabStatus
}
