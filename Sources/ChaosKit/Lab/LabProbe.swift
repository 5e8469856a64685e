// Looks at a running lab from the host (which sits on the lab bridge and reaches every node directly):
// etcd's maintenance status, Patroni's /cluster, the leader's pg_is_in_recovery() and pg_stat_replication,
// PgPool-II's SHOW POOL_NODES, and the recorded PIDs. Shells out to curl and psql for now.

import Foundation

/// Probes the lab and judges its health.
struct LabProbe {
    var inventory: Inventory
    var credentials: ClusterCredentials?
    var runner: CommandRunner

    /// One Patroni member as /cluster lists it.
    struct Member {
        var name: String
        var role: String
        var state: String
        var timeline: Int?
        var lag: Int?
    }

    /// One row of SHOW POOL_NODES.
    struct PoolNode {
        var host: String
        var status: String
        var role: String
    }

    /// Probes everything (in parallel) and returns the status.
    func status() -> LabStatus {
        let etcdNodes = inventory.nodes(.etcd)
        let results = ProbeResults()
        let probes: [@Sendable () -> Void] = [
            { [self] in results.setMembers(patroniMembers()) },
            { [self] in results.setPool(poolNodes()) },
        ] + etcdNodes.map { node in { [self] in results.setEtcd(node.name, etcdRole(node)) } }
        DispatchQueue.concurrentPerform(iterations: probes.count) { probes[$0]() }
        let members = results.members
        let leaders = members?.filter { $0.role == "leader" || $0.role == "standby_leader" } ?? []
        var replication: (inRecovery: Bool, streaming: [String])?
        if leaders.count == 1, let leader = leaders.first, let node = inventory.node(leader.name) {
            replication = leaderReplication(node)
        }
        return judge(members: members, leaders: leaders, replication: replication, pool: results.pool, etcd: results.etcd)
    }

    private func judge(members: [Member]?, leaders: [Member], replication: (inRecovery: Bool, streaming: [String])?,
                       pool: [PoolNode]?, etcd: [String: String]) -> LabStatus {
        var problems: [String] = []
        var rows: [LabNodeStatus] = []
        let processes = Dictionary(uniqueKeysWithValues: inventory.nodes.map { ($0.name, processStates($0)) })

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
        let poolByHost = Dictionary((pool ?? []).map { ($0.host, $0) }, uniquingKeysWith: { first, _ in first })
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

    private func row(_ node: Inventory.Node, role: String, state: String, processes: [String: LabProcessState]) -> LabNodeStatus {
        LabNodeStatus(name: node.name, kind: node.kind, address: node.address, role: role, state: state, timeline: nil,
                      lagBytes: nil, pgpool: nil, processes: processes)
    }

    private func stateFrom(_ processes: [String: LabProcessState]?, reachable: Bool) -> String {
        let values = processes?.values.map(\.state) ?? []
        if values.contains("paused") { return "paused" }
        if values.isEmpty || values.allSatisfy({ $0 == "stopped" }) { return "stopped" }
        return reachable ? "running" : "unreachable"
    }

    /// The process state of each service of the node.
    private func processStates(_ node: Inventory.Node) -> [String: LabProcessState] {
        var states: [String: LabProcessState] = [:]
        for service in node.services {
            guard let pid = LocalLab.livePID(service) else {
                states[service.kind.rawValue] = LabProcessState(pid: nil, state: "stopped")
                continue
            }
            states[service.kind.rawValue] = LabProcessState(pid: pid, state: ProcessTable.isStopped(pid) ? "paused" : "running")
        }
        return states
    }

    // MARK: probes

    /// Patroni's /cluster from the first member that answers.
    func patroniMembers() -> [Member]? {
        for node in inventory.nodes(.postgres) {
            let url = "http://\(node.address):\(node.ports["patroni-api"] ?? LabPorts.patroniAPI)/cluster"
            let result = runner.run(["curl", "-sf", "--max-time", "2", url], timeout: .seconds(4))
            guard result.succeeded, let object = Self.json(result.standardOutput) as? [String: Any],
                  let members = object["members"] as? [[String: Any]] else { continue }
            return members.map { member in
                Member(name: member["name"] as? String ?? "?", role: member["role"] as? String ?? "?",
                       state: member["state"] as? String ?? "?", timeline: member["timeline"] as? Int,
                       lag: member["lag"] as? Int)
            }
        }
        return nil
    }

    /// `leader` / `follower` from etcd's v3 maintenance status, or nil when the member does not answer.
    func etcdRole(_ node: Inventory.Node) -> String? {
        let url = "http://\(node.address):\(node.ports["etcd-client"] ?? LabPorts.etcdClient)/v3/maintenance/status"
        let result = runner.run(["curl", "-sf", "--max-time", "2", "-X", "POST", "-d", "{}", url], timeout: .seconds(4))
        guard result.succeeded, let object = Self.json(result.standardOutput) as? [String: Any],
              let header = object["header"] as? [String: Any] else { return nil }
        let member = "\(header["member_id"] ?? "")"
        let leader = "\(object["leader"] ?? "")"
        guard !leader.isEmpty, leader != "0" else { return nil }
        return member == leader ? "leader" : "follower"
    }

    /// The leader's recovery flag and the application names streaming from it.
    func leaderReplication(_ node: Inventory.Node) -> (inRecovery: Bool, streaming: [String])? {
        let sql = "select pg_is_in_recovery()::text || '|' || coalesce((select string_agg(application_name, ',') "
            + "from pg_stat_replication where state = 'streaming'), '')"
        guard let output = psql(host: node.address, port: node.ports["postgres"] ?? LabPorts.postgres, sql: sql) else { return nil }
        let parts = output.trimmingCharacters(in: .whitespacesAndNewlines).split(separator: "|", omittingEmptySubsequences: false)
        guard parts.count == 2 else { return nil }
        return (parts[0] == "true", parts[1].split(separator: ",").map(String.init))
    }

    /// PgPool-II's SHOW POOL_NODES.
    func poolNodes() -> [PoolNode]? {
        guard let node = inventory.nodes(.pgpool).first,
              let output = psql(host: node.address, port: node.ports["pgpool"] ?? LabPorts.pgpool, sql: "SHOW POOL_NODES") else { return nil }
        // node_id|hostname|port|status|pg_status|lb_weight|role|pg_role|…
        return output.split(separator: "\n").compactMap { line in
            let fields = line.split(separator: "|", omittingEmptySubsequences: false).map(String.init)
            guard fields.count >= 7 else { return nil }
            return PoolNode(host: fields[1], status: fields[3], role: fields[6])
        }
    }

    /// Runs one query as the superuser; nil when it fails.
    func psql(host: String, port: Int, sql: String, database: String = "postgres") -> String? {
        guard let credentials else { return nil }
        let result = runner.run(
            ["psql", "-X", "-q", "-At", "-h", host, "-p", "\(port)", "-U", credentials.superuser, "-d", database, "-c", sql],
            environment: ["PGPASSWORD": credentials.superuserPassword, "PGCONNECT_TIMEOUT": "2"], timeout: .seconds(5))
        return result.succeeded ? result.standardOutput : nil
    }

    static func json(_ text: String) -> Any? {
        try? JSONSerialization.jsonObject(with: Data(text.utf8))
    }
}

/// Results written by parallel probes.
private final class ProbeResults: @unchecked Sendable {
    private let lock = NSLock()
    private var storedMembers: [LabProbe.Member]?
    private var storedPool: [LabProbe.PoolNode]?
    private var storedEtcd: [String: String] = [:]

    var members: [LabProbe.Member]? { lock.withLock { storedMembers } }
    var pool: [LabProbe.PoolNode]? { lock.withLock { storedPool } }
    var etcd: [String: String] { lock.withLock { storedEtcd } }

    func setMembers(_ value: [LabProbe.Member]?) { lock.withLock { storedMembers = value } }
    func setPool(_ value: [LabProbe.PoolNode]?) { lock.withLock { storedPool = value } }
    func setEtcd(_ name: String, _ role: String?) { lock.withLock { storedEtcd[name] = role ?? "unreachable" } }
}
