// One path's background writer: a dedicated thread, a fixed schedule, immediate reconnects, every attempt logged.

import Foundation

/// Writes to one path at a fixed rate on its own thread and records every attempt in an ``OpLog``.
///
/// The schedule is ``AttemptSchedule``'s. After any failure (even a server error on a healthy connection) the next attempt opens a new connection.
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
        var connection: PostgresConnection?
        let schedule = AttemptSchedule(
            rate: configuration.rate, reconnectIntervalNs: configuration.reconnectIntervalNs, clock: clock, stopFlag: stopFlag)
        schedule.run(isConnected: { connection != nil }) { seq in
            let record = attempt(seq: seq, connection: &connection)
            log.append(record)
            return (record.isAck, record.endNs)
        }
    }

    private func attempt(seq: Int64, connection: inout PostgresConnection?) -> OpRecord {
        let path = configuration.path
        let startNs = clock.now()
        func failed(_ error: PostgresError) -> OpRecord {
            // Any failure drops the connection: a healthy connection to a demoted (read-only) node must not
            // be reused, the next attempt lets libpq find the writable node again.
            connection = nil
            return Writer.record(for: error, path: path, seq: seq, startNs: startNs, endNs: clock.now())
        }
        do throws(PostgresError) {
            let live: PostgresConnection
            if let open = connection {
                live = open
            } else {
                live = try openConnection()
                connection = live
            }
            let rows = try live.executePrepared(
                name: Writer.statementName,
                parameters: [configuration.runId, path.rawValue, String(seq), String(startNs)],
                timeoutNs: configuration.opTimeoutNs)
            let endNs = clock.now()
            let values = rows.rows.first ?? []
            let node = values.count > 0 ? values[0] : nil
            let lsn = values.count > 1 ? values[1].flatMap(WALPosition.init(text:)) : nil
            let timeline = values.count > 2 ? values[2].flatMap { Int($0, radix: 16) } : nil
            return OpRecord(
                path: path, seq: seq, startNs: startNs, endNs: endNs, outcome: .ok, node: node ?? "local", lsn: lsn,
                timeline: timeline)
        } catch {
            return failed(error)
        }
    }

    private func openConnection() throws(PostgresError) -> PostgresConnection {
        let connection = try PostgresConnection.connect(dsn: configuration.dsn)
        let timeoutMs = configuration.opTimeoutNs / 1_000_000
        try connection.execute("SET statement_timeout = \(timeoutMs)", timeoutNs: configuration.opTimeoutNs)
        try connection.prepare(name: Writer.statementName, sql: WriteTable.insertStatement, timeoutNs: configuration.opTimeoutNs)
        return connection
    }

    /// The op record for a failed attempt: SQLSTATE 57014 (statement timeout) counts as a timeout.
    static func record(for error: PostgresError, path: WritePath, seq: Int64, startNs: Int64, endNs: Int64) -> OpRecord {
        switch error {
        case .connection(let message):
            return OpRecord(path: path, seq: seq, startNs: startNs, endNs: endNs, outcome: .connectionError, message: message)
        case .timeout(let message):
            return OpRecord(path: path, seq: seq, startNs: startNs, endNs: endNs, outcome: .timeout, message: message)
        case .sql(let state, let message, let lost):
            let outcome: OpOutcome =
                state == "57014" ? .timeout : (state.isEmpty && lost ? .connectionError : .sqlError)
            return OpRecord(
                path: path, seq: seq, startNs: startNs, endNs: endNs, outcome: outcome,
                sqlState: state.isEmpty ? nil : state, message: message)
        }
    }
}
