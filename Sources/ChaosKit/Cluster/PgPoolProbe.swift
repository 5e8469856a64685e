// PgPool-II's view of its backends, from `SHOW POOL_NODES` over libpq.

/// One backend as PgPool-II sees it.
public struct PgPoolNode: Sendable, Hashable {
    /// PgPool's backend id.
    public var nodeID: Int
    /// Backend host.
    public var hostname: String
    /// Backend port.
    public var port: Int
    /// `up`, `down`, `waiting`, …
    public var status: String
    /// `primary` or `standby` in PgPool's opinion.
    public var role: String
    /// When PgPool-II last changed this backend's status (`last_status_change`), if it reports it.
    public var lastStatusChange: String?
}

/// Asks PgPool-II for its backends; keeps one connection and reopens it after any failure.
///
/// Blocking: use it from a dedicated thread.
public final class PgPoolProbe {
    private let dsn: String
    private let timeoutNs: Int64
    private var connection: PostgresConnection?

    /// Creates a probe for a PgPool connection string; `timeoutNs` bounds the connect and one `SHOW POOL_NODES`.
    public init(dsn: String, timeoutNs: Int64 = 500_000_000) {
        self.dsn = dsn
        self.timeoutNs = timeoutNs
    }

    /// Runs `SHOW POOL_NODES`. A kept connection that fails (PgPool-II recycles its children, e.g. after a
    /// backend changes state) is retried once on a fresh connection before the error counts.
    public func poolNodes() throws(PostgresError) -> [PgPoolNode] {
        if let open = connection {
            if let nodes = try? query(open) { return nodes }
            connection = nil
        }
        let fresh = try PostgresConnection.connect(dsn: dsn, timeoutNs: timeoutNs)
        let nodes = try query(fresh)
        connection = fresh
        return nodes
    }

    /// ``poolNodes()`` for a poller: nil (nothing asked, nothing to record) when the probe holds no connection and
    /// `budget` has no CPU time left for a new one; a new connection's CPU time is charged to it. Through a PgPool-II
    /// failover every poll would otherwise be a SCRAM handshake.
    func poolNodes(within budget: inout ReconnectBudget, atNs nowNs: Int64) -> Result<[PgPoolNode], PostgresError>? {
        let connecting = connection == nil
        if connecting, !budget.allows(atNs: nowNs) { return nil }
        let cpuBefore = ReconnectBudget.threadCPUNs()
        defer { budget.charge(cpuNs: ReconnectBudget.threadCPUNs() - cpuBefore, atNs: nowNs) }
        do throws(PostgresError) {
            return .success(try poolNodes())
        } catch {
            return .failure(error)
        }
    }

    private func query(_ connection: PostgresConnection) throws(PostgresError) -> [PgPoolNode] {
        PgPoolProbe.parse(try connection.execute("SHOW POOL_NODES", timeoutNs: timeoutNs))
    }

    /// Turns `SHOW POOL_NODES` rows into nodes, by column name.
    static func parse(_ rows: PostgresRows) -> [PgPoolNode] {
        func column(_ name: String) -> Int? { rows.columns.firstIndex(of: name) }
        guard let id = column("node_id"), let host = column("hostname"), let port = column("port"),
            let status = column("status"), let role = column("role")
        else { return [] }
        let changed = column("last_status_change")
        return rows.rows.compactMap { row in
            guard let nodeID = row[id].flatMap({ Int($0) }) else { return nil }
            return PgPoolNode(
                nodeID: nodeID, hostname: row[host] ?? "", port: row[port].flatMap { Int($0) } ?? 0,
                status: row[status] ?? "", role: row[role] ?? "", lastStatusChange: changed.flatMap { row[$0] })
        }
    }
}
