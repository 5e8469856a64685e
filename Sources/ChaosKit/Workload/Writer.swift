// One path's background writer: a dedicated thread, a fixed schedule, reconnects within a CPU budget, every attempt logged.

import Foundation

/// Writes to one path at a fixed rate on its own thread and records every attempt in an ``OpLog``.
///
/// The schedule is ``AttemptSchedule``'s, the sessions ``WriteSessions``': through one connection string, any failure
/// (even a server error on a healthy connection) makes the next attempt open a new connection; on the direct path
/// one session per host is held through a failover.
public final class Writer: Sendable {
    /// The writer's settings.
    public let configuration: WriterConfiguration
    private let clock: MonotonicClock
    private let log: OpLog
    private let stopFlag = StopFlag()
    private let started = Locked(false)

    private static let statementName = "chaos_write"

    /// Creates a writer that logs into `log` with times from `clock`.
    public init(configuration: WriterConfiguration, clock: MonotonicClock, log: OpLog) {
        self.configuration = configuration
        self.clock = clock
        self.log = log
    }

    /// Creates the writers' table through a connection string (call once before starting writers).
    public static func prepareTable(dsn: String) throws(PostgresError) {
        let connection = try PostgresConnection.connect(dsn: dsn)
        try WriteTable.create(on: connection)
    }

    /// Starts the writer thread (once).
    public func start() {
        let first = started.withLock { started -> Bool in
            defer { started = true }
            return !started
        }
        guard first else { return }
        stopFlag.workerStarted()
        let thread = Thread { [self] in
            run()
            stopFlag.workerFinished()
        }
        thread.name = "chaos-writer-\(configuration.path.rawValue)"
        thread.start()
    }

    /// Stops the writer and waits for its thread to finish (at most the op deadline plus a margin).
    @discardableResult
    public func stop() -> Bool {
        stopFlag.stopAndWait(timeoutSeconds: Double(configuration.opTimeoutNs) / 1e9 * 4 + 5)
    }

    // MARK: - The loop

    private func run() {
        var sessions = WriteSessions(dsns: configuration.hostDSNs.isEmpty ? [configuration.dsn] : configuration.hostDSNs)
        let schedule = AttemptSchedule(
            rate: configuration.rate,
            budget: ReconnectBudget(share: configuration.reconnectCPUShare, capacityNs: ReconnectBudget.standard.capacityNs), clock: clock,
            stopFlag: stopFlag)
        // One session per host: connect them all before the first write (each waits for the others at most the
        // connect timeout), so the first attempts do not fail for want of a session.
        var startup = ReconnectBudget.standard
        let deadline = clock.now() + connectTimeoutNs
        repeat {
            sessions.advanceConnects(budget: &startup, nowNs: { clock.now() }, timeoutNs: connectTimeoutNs, prepare: prepare)
        } while sessions.connecting && clock.now() < deadline && !stopFlag.sleep(nanoseconds: 1_000_000)
        schedule.run(isConnected: { sessions.anyOpen }) { seq, budget in
            let record = attempt(seq: seq, sessions: &sessions, budget: &budget)
            log.append(record)
            return (record.isAck, record.endNs)
        }
    }

    /// One write: through the current session, else each other open one (one session per host), else — through one
    /// connection string — a new connection. The first failure is the one recorded.
    private func attempt(seq: Int64, sessions: inout WriteSessions, budget: inout ReconnectBudget) -> OpRecord {
        let path = configuration.path
        let startNs = clock.now()
        sessions.advanceConnects(budget: &budget, nowNs: { clock.now() }, timeoutNs: connectTimeoutNs, prepare: prepare)
        var firstError: PostgresError?
        for index in sessions.order {
            let live: PostgresConnection
            if let open = sessions.connections[index] {
                live = open
            } else {
                let cpuBefore = ReconnectBudget.threadCPUNs()
                defer { budget.charge(cpuNs: ReconnectBudget.threadCPUNs() - cpuBefore, atNs: clock.now()) }
                do throws(PostgresError) {
                    live = try openConnection(dsn: sessions.dsns[index])
                    sessions.opened(live, at: index)
                } catch {
                    firstError = firstError ?? error
                    continue
                }
            }
            do throws(PostgresError) {
                let rows = try live.executePrepared(
                    name: Writer.statementName,
                    parameters: [configuration.runId, path.rawValue, String(seq), String(startNs)],
                    timeoutNs: configuration.opTimeoutNs)
                sessions.succeeded(at: index)
                let values = rows.rows.first ?? []
                let node = values.count > 0 ? values[0] : nil
                let lsn = values.count > 1 ? values[1].flatMap(WALPosition.init(text:)) : nil
                let timeline = values.count > 2 ? values[2].flatMap { Int($0, radix: 16) } : nil
                return OpRecord(
                    path: path, seq: seq, startNs: startNs, endNs: clock.now(), outcome: .ok, node: node ?? "local", lsn: lsn,
                    timeline: timeline)
            } catch {
                sessions.statementFailed(at: index, error)
                firstError = firstError ?? error
            }
        }
        return Writer.record(for: firstError ?? sessions.noSessionError, path: path, seq: seq, startNs: startNs, endNs: clock.now())
    }

    /// A background connect's deadline: the connection settings' `connect_timeout` (2 s unless said otherwise).
    private let connectTimeoutNs: Int64 = 2_000_000_000

    private func openConnection(dsn: String) throws(PostgresError) -> PostgresConnection {
        let connection = try PostgresConnection.connect(dsn: dsn)
        try prepare(connection)
        return connection
    }

    /// Readies a new session: the statement timeout and the prepared insert.
    private func prepare(_ connection: PostgresConnection) throws(PostgresError) {
        try connection.prepareSession(statement: Writer.statementName, sql: WriteTable.insertStatement, timeoutNs: configuration.opTimeoutNs)
    }

    /// The op record for a failed attempt (see ``FailedAttempt``).
    static func record(for error: PostgresError, path: WritePath, seq: Int64, startNs: Int64, endNs: Int64) -> OpRecord {
        let failure = FailedAttempt(error)
        return OpRecord(
            path: path, seq: seq, startNs: startNs, endNs: endNs, outcome: failure.outcome, sqlState: failure.sqlState, message: failure.message)
    }
}
