// Judges a lab's health from a cluster snapshot and the state of its processes: a pure function, so every
// rule (quorum, one leader, streaming replicas, PgPool-II agreeing with Patroni, nothing paused) is
// unit-tested on made-up snapshots.

/// The health rules of a lab (or Compose stack).
enum ClusterHealth {
    /// The lab's status: every problem the snapshot and the process states show (none: healthy).
    static func judge(_ snapshot: ClusterSnapshot, inventory: Inventory, processes: [String: [String: LabProcessState]]) -> LabStatus {
        let members = snapshot.members
        let leaders = snapshot.leaders
        let replication = snapshot.leaderReplication
        let pool = snapshot.pool
        let etcd = Dictionary(uniqueKeysWithValues: inventory.nodes(.etcd).map { ($0.name, (snapshot.etcdRoles[$0.name] ?? .unreachable).rawValue) })
        var problems: [String] = []
        var rows: [LabNodeStatus] = []

        // etcd
        let etcdUp = etcd.values.filter { $0 == "leader" || $0 == "follower" }.count
        let etcdCount = inventory.nodes(.etcd).count
        if etcdUp < etcdCount / 2 + 1 { problems.append("etcd has no quorum (\(etcdUp) of \(etcdCount) members answer)") }
        if !etcd.values.contains("leader") { problems.append("etcd has no leader") }
        for node in inventory.nodes(.etcd) {
            let role = etcd[node.name] ?? "unreachable"
            if role == "unreachable", etcdUp >= etcdCount / 2 + 1 { problems.append("etcd member \(node.name) does not answer") }
            rows.append(row(node, role: role == "unreachable" ? "-" : role, state: stateFrom(processes[node.name], reachable: role != "unreachable"),
                            processes: processes[node.name] ?? [:]))
        }

        // Patroni / PostgreSQL
        if members == nil { problems.append("no Patroni member answers GET /cluster") }
        if members != nil, leaders.count != 1 { problems.append("expected exactly one Patroni leader, found \(leaders.count)") }
        let leaderName = leaders.count == 1 ? leaders.first?.name : nil
        if let replication {
            if replication.inRecovery { problems.append("leader \(leaderName ?? "?") is still in recovery") }
        } else if leaderName != nil {
            problems.append("leader \(leaderName ?? "?") does not answer SQL")
        }
        if inventory.profile.replication == .sync, let members, leaderName != nil,
           !members.contains(where: { $0.role == "sync_standby" }) {
            problems.append("synchronous_mode is asked for but no member is sync_standby yet")
        }
        let poolByHost = Dictionary((pool ?? []).map { ($0.hostname, $0) }, uniquingKeysWith: { first, _ in first })
        for node in inventory.nodes(.postgres) {
            let member = members?.first { $0.name == node.name }
            var state = member?.state ?? stateFrom(processes[node.name], reachable: false)
            if let replication, node.name != leaderName {
                if replication.streaming.contains(node.name) {
                    state = "streaming"
                } else {
                    problems.append("replica \(node.name) is not streaming from leader \(leaderName ?? "?") (pg_stat_replication)")
                }
            }
            if member == nil { problems.append("Patroni member \(node.name) is not in the cluster") }
            else if member?.state != "running" { problems.append("Patroni member \(node.name) is \(member?.state ?? "?")") }
            if let paused = processes[node.name]?.first(where: { $0.value.state == "paused" }) {
                state = "paused"
                problems.append("\(paused.key) on \(node.name) is paused")
            }
            let poolNode = poolByHost[node.address]
            if pool != nil {
                if let poolNode {
                    if poolNode.status != "up" && poolNode.status != "waiting" {
                        problems.append("PgPool-II has backend \(node.name) \(poolNode.status)")
                    }
                    let wantPrimary = node.name == leaderName
                    if wantPrimary != (poolNode.role == "primary") {
                        problems.append("PgPool-II sees \(node.name) as \(poolNode.role), Patroni as \(wantPrimary ? "leader" : "replica")")
                    }
                } else {
                    problems.append("PgPool-II does not list backend \(node.name)")
                }
            }
            rows.append(LabNodeStatus(
                name: node.name, kind: node.kind, address: node.address, role: member?.role ?? "-", state: state,
                timeline: member?.timeline, lagBytes: node.name == leaderName ? nil : member?.lag,
                pgpool: poolNode.map { "\($0.status)/\($0.role)" }, processes: processes[node.name] ?? [:]))
        }

        // PgPool-II
        if pool == nil { problems.append("PgPool-II does not answer SHOW POOL_NODES") }
        for node in inventory.nodes(.pgpool) {
            rows.append(row(node, role: "proxy", state: stateFrom(processes[node.name], reachable: pool != nil),
                            processes: processes[node.name] ?? [:]))
        }
        for node in inventory.nodes where node.kind != .postgres {
            if let paused = processes[node.name]?.first(where: { $0.value.state == "paused" }) {
                problems.append("\(paused.key) on \(node.name) is paused")
            }
        }
        let ordered = inventory.nodes.compactMap { node in rows.first { $0.name == node.name } }
        return LabStatus(exists: true, healthy: problems.isEmpty, problems: problems, profile: inventory.profile,
                         leader: leaderName, nodes: ordered)
    }

    private static func row(_ node: Inventory.Node, role: String, state: String, processes: [String: LabProcessState]) -> LabNodeStatus {
        LabNodeStatus(name: node.name, kind: node.kind, address: node.address, role: role, state: state, timeline: nil,
                      lagBytes: nil, pgpool: nil, processes: processes)
    }

    private static func stateFrom(_ processes: [String: LabProcessState]?, reachable: Bool) -> String {
        let values = processes?.values.map(\.state) ?? []
        if values.contains("paused") { return "paused" }
        if values.isEmpty || values.allSatisfy({ $0 == "stopped" }) { return "stopped" }
        return reachable ? "running" : "unreachable"
    }

    /// The process state of each service of every node, by node name.
    static func processStates(of inventory: Inventory) -> [String: [String: LabProcessState]] {
        Dictionary(uniqueKeysWithValues: inventory.nodes.map { ($0.name, processStates($0)) })
    }

    /// The process state of each service of the node.
    private static func processStates(_ node: Inventory.Node) -> [String: LabProcessState] {
        var states: [String: LabProcessState] = [:]
        for service in node.services {
            guard let pid = LocalLab.livePID(service, namespace: node.namespace) else {
                states[service.kind.rawValue] = LabProcessState(pid: nil, state: "stopped")
                continue
            }
            states[service.kind.rawValue] = LabProcessState(pid: pid, state: ProcessTable.isStopped(pid) ? "paused" : "running")
        }
        return states
    }

}
