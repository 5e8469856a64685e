// Reads a cluster described by an inventory through the typed in-process clients: PatroniClient and
// EtcdClient over libcurl, PostgresConnection and PgPoolProbe over libpq. No child process.

import Foundation

/// Reads the cluster's interfaces. Each call opens its own handles, so calls may run on several threads.
struct ClusterReader: Sendable {
    /// The nodes and their ports.
    var inventory: Inventory
    /// The superuser login for SQL (PostgreSQL and PgPool-II); SQL reads are skipped without it.
    var credentials: ClusterCredentials?

    /// How long one HTTP request or SQL connection may take.
    static let timeoutMs = 2_000

    private var http: HTTPClient { HTTPClient(timeoutMs: Self.timeoutMs, connectTimeoutMs: Self.timeoutMs) }

    /// Patroni's `/cluster` from the first member that answers; nil when none does.
    func patroniMembers() -> [PatroniClusterMember]? {
        for node in inventory.nodes(.postgres) {
            let client = PatroniClient(baseURL: "http://\(node.address):\(node.ports["patroni-api"] ?? 8008)", http: http)
            if let members = try? client.cluster() { return members }
        }
        return nil
    }

    /// The etcd member's role from its own status (`leader` when it is the leader it reports).
    func etcdRole(_ node: Inventory.Node) -> EtcdRole {
        let client = EtcdClient(baseURL: "http://\(node.address):\(node.ports["etcd-client"] ?? 2379)", http: http)
        guard let status = try? client.status(), !status.leaderID.isEmpty, status.leaderID != "0" else { return .unreachable }
        return status.memberID == status.leaderID ? .leader : .follower
    }

    /// The leader's recovery flag and the members streaming from it; nil when it does not answer SQL.
    func leaderReplication(_ node: Inventory.Node) -> LeaderReplication? {
        guard let dsn = superuserDSN(host: node.address, port: node.ports["postgres"] ?? 5432) else { return nil }
        let sql = "select pg_is_in_recovery()::text, coalesce((select string_agg(application_name, ',') "
            + "from pg_stat_replication where state = 'streaming'), '')"
        guard let connection = try? PostgresConnection.connect(dsn: dsn, timeoutNs: Int64(Self.timeoutMs) * 1_000_000),
              let rows = try? connection.execute(sql, timeoutNs: Int64(Self.timeoutMs) * 1_000_000),
              let row = rows.rows.first, row.count == 2 else { return nil }
        return LeaderReplication(inRecovery: row[0] == "true", streaming: (row[1] ?? "").split(separator: ",").map(String.init))
    }

    /// PgPool-II's `SHOW POOL_NODES`; nil when it does not answer.
    func poolNodes() -> [PgPoolNode]? {
        guard let node = inventory.nodes(.pgpool).first,
              let dsn = superuserDSN(host: node.address, port: node.ports["pgpool"] ?? 9999) else { return nil }
        return try? PgPoolProbe(dsn: dsn, timeoutNs: Int64(Self.timeoutMs) * 1_000_000).poolNodes()
    }

    /// Everything at once: Patroni, PgPool-II and every etcd member in parallel, then the leader's SQL view.
    func snapshot() -> ClusterSnapshot {
        let etcdNodes = inventory.nodes(.etcd)
        let gathered = Locked(ClusterSnapshot(members: nil, etcdRoles: [:], leaderReplication: nil, pool: nil))
        let reads: [@Sendable () -> Void] = [
            { [self] in let members = patroniMembers(); gathered.withLock { $0.members = members } },
            { [self] in let pool = poolNodes(); gathered.withLock { $0.pool = pool } },
        ] + etcdNodes.map { node in { [self] in let role = etcdRole(node); gathered.withLock { $0.etcdRoles[node.name] = role } } }
        DispatchQueue.concurrentPerform(iterations: reads.count) { reads[$0]() }
        var snapshot = gathered.snapshot
        if snapshot.leaders.count == 1, let leader = snapshot.leaders.first, let node = inventory.node(leader.name) {
            snapshot.leaderReplication = leaderReplication(node)
        }
        return snapshot
    }

    private func superuserDSN(host: String, port: Int) -> String? {
        guard let credentials else { return nil }
        return PostgresDSN.single(
            host: HostPort(host: host, port: port), user: credentials.superuser, password: credentials.superuserPassword,
            database: "postgres", connectTimeoutSeconds: Self.timeoutMs / 1_000, applicationName: "chaos-status")
    }
}
