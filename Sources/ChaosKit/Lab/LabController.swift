// The local lab's front door: up, down, status, logs, reset. Bring-up and tear-down live in their own
// files (LabController+Up.swift, LabController+Down.swift); this file holds the shared parts.

public import Foundation

/// Receives one human-readable progress line (the CLI prints it; tests may ignore it).
public typealias LabProgress = @Sendable (String) -> Void

/// Builds, inspects and removes the local network-namespace lab.
///
/// Every method blocks the calling thread (seconds for `up`/`down`); call from a dedicated thread.
public struct LabController: Sendable {
    /// Where the lab keeps its state.
    public var layout: LabLayout
    /// The nodes and network.
    public var topology: LabTopology
    /// Runs host commands.
    public var runner: CommandRunner
    /// The environment used to locate `infra/` (`CHAOS_INFRA_DIR`).
    public var environment: [String: String]
    /// The Compose stack this controller acts on instead of the local lab (nil: the local lab).
    public var docker: DockerStack?

    /// A controller for the lab in `layout` (default: `CHAOS_LAB_DIR` or `/var/lib/chaos-lab`) on `topology`
    /// (default: the one `CHAOS_LAB_NETWORK` names, else the standard one); `environment` defaults to the
    /// process's.
    public init(layout: LabLayout? = nil, topology: LabTopology? = nil, runner: CommandRunner = CommandRunner(),
                environment: [String: String]? = nil) {
        let environment = environment ?? ProcessInfo.processInfo.environment
        self.layout = layout ?? LabLayout.fromEnvironment(environment)
        // An unknown CHAOS_LAB_NETWORK is reported by `forPlatform` (every command goes through it).
        self.topology = topology ?? (try? LabTopology.fromEnvironment(environment)) ?? .standard
        self.runner = runner
        self.environment = environment
    }

    /// A controller for a Compose stack: same status, faults, journal and runs as the lab; `up`, `down`,
    /// `reset` and `reconfigure` refuse (Docker Compose owns the stack's lifecycle).
    public init(docker stack: DockerStack, environment: [String: String]? = nil) {
        self.init(layout: stack.layout, runner: stack.runner, environment: environment)
        docker = stack
    }

    /// The platform a command acts on: `local` (the network-namespace lab) or `docker` (the Compose stack of
    /// the current folder), from `platform` or else `CHAOS_PLATFORM`; default `local`.
    ///
    /// - Throws: ``LabError`` for any other name.
    public static func forPlatform(_ platform: String?, environment: [String: String] = ProcessInfo.processInfo.environment) throws(LabError) -> LabController {
        switch platform ?? environment["CHAOS_PLATFORM"] ?? "local" {
        case "local":
            _ = try LabTopology.fromEnvironment(environment)
            return LabController(environment: environment)
        case "docker": return LabController(docker: .fromEnvironment(environment), environment: environment)
        case let other: throw LabError("unknown platform '\(other)'", hint: "use local (the built-in lab) or docker (the Compose stack)")
        }
    }

    /// Process control over the lab's nodes (the local lab's own).
    public var control: LocalLab { LocalLab(inventoryFile: layout.inventoryFile, runner: runner) }

    /// Process control over the nodes, whatever the platform (for faults).
    public var nodeControl: any NodeControl {
        if let docker { return DockerNodeControl(stack: docker) }
        return control
    }

    /// The lab's inventory, if it exists (for Docker: read from the running containers now).
    public func inventory() -> Inventory? {
        if let docker { return try? docker.refresh() }
        return try? Inventory.load(from: layout.inventoryFile)
    }

    /// The lab's credentials, if they exist (root only).
    public func credentials() -> ClusterCredentials? { try? ClusterCredentials.load(from: layout.credentialsFile) }

    /// Probes the lab: per-node role/state/timeline/lag/PgPool-II view and the health verdict.
    public func status() -> LabStatus {
        if let docker {
            // One read of the containers: the inventory, or why there is none.
            do {
                return probe(try docker.refresh())
            } catch {
                return LabStatus(exists: false, healthy: false, problems: ["the Compose stack is not usable: \(error.message)"], profile: nil, leader: nil, nodes: [])
            }
        }
        guard let inventory = inventory() else {
            let left = leftovers()
            if left.isClean { return .absent }
            return LabStatus(exists: true, healthy: false, problems: ["a stale lab is left (\(left.summary)); `chaos lab down` removes it"],
                             profile: nil, leader: nil, nodes: [])
        }
        return probe(inventory)
    }

    /// Probes a cluster described by `inventory` with the stored credentials.
    private func probe(_ inventory: Inventory) -> LabStatus {
        let credentials = credentials()
        let snapshot = ClusterReader(inventory: inventory, credentials: credentials).snapshot()
        var status = ClusterHealth.judge(snapshot, inventory: inventory, processes: ClusterHealth.processStates(of: inventory))
        if credentials == nil {
            status.healthy = false
            status.problems.insert("cannot read \(layout.credentialsFile) (root only): SQL checks skipped; run as root", at: 0)
        }
        return status
    }

    /// Polls ``status()`` until healthy or `timeout`; throws with the last problems.
    @discardableResult
    public func waitUntilHealthy(timeout: Duration, progress: LabProgress = { _ in }) throws(LabError) -> LabStatus {
        try awaitHealth(timeout: timeout, progress: progress).status
    }

    /// What waiting for a healthy cluster found.
    public struct HealthWait: Sendable {
        /// The healthy status.
        public var status: LabStatus
        /// How long it took.
        public var elapsed: Duration
        /// What the wait had to do to get there (a wedged PgPool-II restarted), or nil when the cluster recovered
        /// by itself.
        public var intervention: String?
    }

    /// Waits until the cluster is healthy, restarting a wedged PgPool-II once as a last resort (``PgPoolWedgeHeal``)
    /// and saying so in ``HealthWait/intervention``.
    ///
    /// - Throws: ``LabError`` naming the problems left when `timeout` passes.
    public func awaitHealth(timeout: Duration, progress: LabProgress = { _ in }) throws(LabError) -> HealthWait {
        let start = ContinuousClock.now
        let deadline = start + timeout
        var last = status()
        var reported: [String] = []
        var heal = PgPoolWedgeHeal()
        while !last.healthy {
            if last.problems != reported { reported = last.problems; progress("waiting: \(reported.first ?? "")") }
            if heal.observe(last, control: nodeControl) { progress(heal.done ?? "") }
            guard ContinuousClock.now < deadline else {
                throw LabError("the lab did not become healthy within \(timeout): \(last.problems.joined(separator: "; "))"
                                + (heal.done.map { " (after: \($0))" } ?? ""),
                               hint: "see `chaos lab status` and `chaos lab logs NODE`; `chaos lab reset` rebuilds it")
            }
            usleep(200_000)
            last = status()
        }
        return HealthWait(status: last, elapsed: ContinuousClock.now - start, intervention: heal.done)
    }

    /// The last `lines` lines of each log of one node (or of every node).
    public func logs(node: String?, lines: Int = 40) throws(LabError) -> [LabLogExcerpt] {
        let nodes: [Inventory.Node]
        guard let inventory = inventory() else {
            throw LabError("the lab is down, there are no logs (down removes them)", hint: "`chaos lab up` starts it")
        }
        if let node {
            guard let entry = inventory.node(node) else {
                throw LabError("no node named \(node)", hint: "nodes: \(inventory.nodes.map(\.name).joined(separator: ", "))")
            }
            nodes = [entry]
        } else {
            nodes = inventory.nodes
        }
        var excerpts: [LabLogExcerpt] = []
        for entry in nodes {
            if docker != nil, let main = entry.services.first {
                // A container's log is its main process's output, kept by Docker.
                let result = runner.run(["docker", "logs", "--tail", "\(lines)", entry.namespace], timeout: .seconds(20))
                excerpts.append(LabLogExcerpt(node: entry.name, service: main.kind, file: "docker logs \(entry.namespace)",
                                              text: (result.standardOutput + result.standardError).trimmingCharacters(in: .newlines)))
                continue
            }
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

    /// Tears the lab down and builds it again from scratch (new data, new credentials).
    public func reset(profile: ClusterRequirements? = nil, progress: LabProgress = { _ in }) throws(LabError) -> LabUpResult {
        try withLabLock { () throws(LabError) -> LabUpResult in
            let previous = inventory()?.profile
            try downHoldingLock(progress: progress)
            return try upHoldingLock(profile: profile ?? previous, timeout: .seconds(180), progress: progress)
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
