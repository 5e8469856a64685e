// The connections one writer holds: one through its connection string, or — on the direct path — one per
// PostgreSQL host, kept open through a failover so the moment a standby is promoted its session takes the next
// write, with no new connection and no authentication in between.

/// A writer's sessions and which one took the last write.
///
/// With one connection string, every failure closes the session and the next attempt connects again (blocking),
/// letting PgPool-II or libpq choose the node anew. With one per host, a server error on a healthy session (a
/// standby's "read-only transaction", SQLSTATE 25006) keeps it open, since a promoted standby's sessions become
/// writable; a closed host is connected again in the background (``PendingConnection``, advanced at every attempt
/// without waiting), so a host that is down hard never holds up the live ones.
struct WriteSessions {
    /// One connection string per session.
    let dsns: [String]
    /// The open sessions (nil: closed).
    private(set) var connections: [PostgresConnection?]
    /// The session that took the last write.
    private(set) var current = 0
    private var pending: [PendingConnection?]
    /// The latest failed background connect, per host, for the record of an attempt that found no open session.
    private var connectErrors: [PostgresError?]

    init(dsns: [String]) {
        self.dsns = dsns
        connections = Array(repeating: nil, count: dsns.count)
        pending = Array(repeating: nil, count: dsns.count)
        connectErrors = Array(repeating: nil, count: dsns.count)
    }

    /// True when one session per host is held (a server error keeps the session, connects run in the background).
    var holdsEveryHost: Bool { dsns.count > 1 }

    /// True when some session is open, or (one per host) on its way.
    var anyOpen: Bool { connections.contains { $0 != nil } || pending.contains { $0 != nil } }

    /// The open sessions in the order an attempt tries them, the current one first. With one connection string:
    /// that one, open or not.
    var order: [Int] {
        guard holdsEveryHost else { return [0] }
        return (0..<dsns.count).map { (current + $0) % dsns.count }.filter { connections[$0] != nil }
    }

    /// One per host: starts a connect to every closed host while the budget allows, and moves every pending one
    /// on without waiting; `prepare` readies a connection that opened (a failure there closes it again).
    mutating func advanceConnects(
        budget: inout ReconnectBudget, nowNs: () -> Int64, timeoutNs: Int64,
        prepare: (PostgresConnection) throws(PostgresError) -> Void
    ) {
        guard holdsEveryHost else { return }
        for index in dsns.indices where connections[index] == nil {
            let cpuBefore = ReconnectBudget.threadCPUNs()
            defer { budget.charge(cpuNs: ReconnectBudget.threadCPUNs() - cpuBefore, atNs: nowNs()) }
            if pending[index] == nil {
                guard budget.allows(atNs: nowNs()) else { continue }
                do throws(PostgresError) {
                    pending[index] = try PostgresConnection.start(dsn: dsns[index], timeoutNs: timeoutNs)
                } catch {
                    connectErrors[index] = error
                    continue
                }
            }
            switch pending[index]?.advance() {
            case .success(let connection)?:
                pending[index] = nil
                do throws(PostgresError) {
                    try prepare(connection)
                    connections[index] = connection
                    connectErrors[index] = nil
                } catch {
                    connectErrors[index] = error
                }
            case .failure(let error)?:
                pending[index] = nil
                connectErrors[index] = error
            case nil:
                break
            }
        }
    }

    /// True while a background connect is on its way.
    var connecting: Bool { pending.contains { $0 != nil } }

    /// Why an attempt found no open session: the first host's latest connect failure, or that connects are on their way.
    var noSessionError: PostgresError {
        connectErrors.compactMap { $0 }.first
            ?? .connection(message: "no session open: connecting to \(pending.filter { $0 != nil }.count) host(s) in the background")
    }

    /// Records a session opened for host `index` (one connection string: the blocking connect).
    mutating func opened(_ connection: PostgresConnection, at index: Int) { connections[index] = connection }

    /// Records that host `index`'s session took a write.
    mutating func succeeded(at index: Int) { current = index }

    /// Records a failed statement on host `index`'s session: closes it, unless it is a server error on a healthy
    /// session and every host is held.
    mutating func statementFailed(at index: Int, _ error: PostgresError) {
        if holdsEveryHost, case .sql(let state, _, let lost) = error, !lost, !state.isEmpty, state != "57014" { return }
        connections[index] = nil
    }
}
