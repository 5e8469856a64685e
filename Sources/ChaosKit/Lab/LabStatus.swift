// What `chaos lab status` reports: per node role, state, timeline, lag and PgPool-II's view, plus the
// verdict "healthy" with the reasons when it is not.

import Foundation

/// The lab's state at one moment.
public struct LabStatus: Codable, Sendable, Equatable {
    /// Whether anything of the lab exists (inventory, namespaces, processes).
    public var exists: Bool
    /// Healthy = etcd has quorum, exactly one Patroni leader not in recovery, both replicas streaming per
    /// `pg_stat_replication` on the leader, PgPool-II shows all three up with the leader as primary.
    public var healthy: Bool
    /// Why it is not healthy (empty when healthy).
    public var problems: [String]
    /// The profile the lab was built with (nil when there is no inventory).
    public var profile: ClusterRequirements?
    /// The Patroni leader's member name, if there is exactly one.
    public var leader: String?
    /// One row per node.
    public var nodes: [LabNodeStatus]

    /// Describes a status.
    public init(exists: Bool, healthy: Bool, problems: [String], profile: ClusterRequirements?, leader: String?, nodes: [LabNodeStatus]) {
        self.exists = exists
        self.healthy = healthy
        self.problems = problems
        self.profile = profile
        self.leader = leader
        self.nodes = nodes
    }

    /// The status of a lab that does not exist.
    public static let absent = LabStatus(exists: false, healthy: false, problems: ["the lab is down"], profile: nil, leader: nil, nodes: [])
}

/// One node's row.
public struct LabNodeStatus: Codable, Sendable, Equatable {
    /// Node name.
    public var name: String
    /// What it is.
    public var kind: NodeKind
    /// Its address.
    public var address: String
    /// `leader` / `replica` / `sync_standby` (Patroni), `leader` / `follower` (etcd), `proxy` (PgPool-II), or `-`.
    public var role: String
    /// `running`, `streaming`, `stopped`, `paused`, `unreachable`, or what Patroni says.
    public var state: String
    /// PostgreSQL timeline (Patroni's view).
    public var timeline: Int?
    /// Replication lag in bytes (Patroni's view; nil on the leader).
    public var lagBytes: Int?
    /// PgPool-II's status of this backend (`up`, `waiting`, `down`) and its role there, e.g. `up/primary`.
    public var pgpool: String?
    /// Each service's process, by service kind (`patroni`, `postgres`, `exporter`, `etcd`, `pgpool`).
    public var processes: [String: LabProcessState]

    /// Describes a row.
    public init(name: String, kind: NodeKind, address: String, role: String, state: String, timeline: Int?, lagBytes: Int?,
                pgpool: String?, processes: [String: LabProcessState]) {
        self.name = name
        self.kind = kind
        self.address = address
        self.role = role
        self.state = state
        self.timeline = timeline
        self.lagBytes = lagBytes
        self.pgpool = pgpool
        self.processes = processes
    }
}

/// One service process: its PID and whether it runs, is paused (SIGSTOP) or is stopped.
public struct LabProcessState: Codable, Sendable, Equatable, CustomStringConvertible {
    /// The live PID (nil when stopped).
    public var pid: Int32?
    /// `running`, `paused` or `stopped`.
    public var state: String

    /// Describes a process.
    public init(pid: Int32?, state: String) {
        self.pid = pid
        self.state = state
    }

    /// E.g. `1234 running` or `stopped`.
    public var description: String { pid.map { "\($0) \(state)" } ?? state }
}

// MARK: - Table
extension LabStatus {
    /// A table a person can read: node, address, role, state, timeline, lag, PgPool-II status, then the verdict.
    public func table() -> String {
        guard exists else { return "lab: down (nothing running; start it with `chaos lab up`)" }
        let header = ["NODE", "ADDRESS", "ROLE", "STATE", "TL", "LAG", "PGPOOL", "PIDS"]
        var rows = [header]
        for node in nodes {
            let pids = node.processes.sorted { $0.key < $1.key }.map { "\($0.key) \($0.value)" }.joined(separator: ", ")
            rows.append([node.name, node.address, node.role, node.state, node.timeline.map(String.init) ?? "-",
                         node.lagBytes.map { "\($0) B" } ?? "-", node.pgpool ?? "-", pids])
        }
        let widths = (0..<header.count).map { column in rows.map { $0[column].count }.max() ?? 0 }
        var lines = rows.map { row in
            row.enumerated().map { column, cell in
                column == row.count - 1 ? cell : cell.padding(toLength: widths[column], withPad: " ", startingAt: 0)
            }.joined(separator: "  ")
        }
        lines.append("")
        if let profile { lines.append("profile: \(profile.summary)") }
        lines.append(healthy ? "lab: healthy (leader \(leader ?? "?"))" : "lab: NOT healthy")
        for problem in problems { lines.append("  - \(problem)") }
        return lines.joined(separator: "\n")
    }
}
