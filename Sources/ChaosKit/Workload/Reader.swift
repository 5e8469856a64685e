// One read path's background reader: a dedicated thread on the writers' schedule, reading what a writer wrote.

import Foundation

/// Settings for one path's reader.
public struct ReaderConfiguration: Sendable, Hashable {
    /// The path this reader measures.
    public var path: ReadPath
    /// The libpq connection string.
    public var dsn: String
    /// Reads per second.
    public var rate: Double
    /// Client-side deadline of one read in nanoseconds (also sent as `statement_timeout`).
    public var opTimeoutNs: Int64
    /// The run id whose rows are read.
    public var runId: String
    /// The writer path whose rows are read (its highest seq is what a read sees).
    public var sourcePath: WritePath
    /// The share of a core that opening connections may take while the path is down (see ``ReconnectBudget``).
    public var reconnectCPUShare: Double = ReconnectBudget.standard.share

    /// Creates a configuration.
    public init(path: ReadPath, dsn: String, runId: String, sourcePath: WritePath, rate: Double = 50, opTimeoutNs: Int64 = 2_000_000_000) {
        self.path = path
        self.dsn = dsn
        self.runId = runId
        self.sourcePath = sourcePath
        self.rate = rate
        self.opTimeoutNs = opTimeoutNs
    }
}

/// Reads one writer path's highest seq at a fixed rate on its own thread and records every attempt in a ``ReadLog``.
///
/// After any failure the next attempt opens a new connection, as a writer does. The connection stays open between
/// reads, so PgPool-II (which balances per session) keeps one backend until the connection breaks.
public final class Reader: Sendable {
    /// The reader's settings.
    public let configuration: ReaderConfiguration
    private let clock: MonotonicClock
    private let log: ReadLog
    private let stopFlag = StopFlag()
    private let started = Locked(false)

    private static let statementName = "chaos_read"

    /// Creates a reader that logs into `log` with times from `clock`.
    public init(configuration: ReaderConfiguration, clock: MonotonicClock, log: ReadLog) {
        self.configuration = configuration
        self.clock = clock
        self.log = log
    }

    /// Starts the reader thread (once).
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
        thread.name = "chaos-reader-\(configuration.path.rawValue)"
        thread.start()
    }

    /// Stops the reader and waits for its thread to finish.
    @discardableResult
    public func stop() -> Bool {
        stopFlag.stopAndWait(timeoutSeconds: Double(configuration.opTimeoutNs) / 1e9 * 4 + 5)
    }

    private func run() {
        var connection: PostgresConnection?
        let schedule = AttemptSchedule(
            rate: configuration.rate,
            budget: ReconnectBudget(share: configuration.reconnectCPUShare, capacityNs: ReconnectBudget.standard.capacityNs), clock: clock,
            stopFlag: stopFlag)
        schedule.run(isConnected: { connection != nil }) { seq, budget in
            let connecting = connection == nil
            let cpuBefore = connecting ? ReconnectBudget.threadCPUNs() : 0
            let record = attempt(seq: seq, connection: &connection)
            if connecting { budget.charge(cpuNs: ReconnectBudget.threadCPUNs() - cpuBefore, atNs: record.endNs) }
            log.append(record)
            return (record.isAck, record.endNs)
        }
    }

    private func attempt(seq: Int64, connection: inout PostgresConnection?) -> ReadRecord {
        let path = configuration.path
        let startNs = clock.now()
        do throws(PostgresError) {
            let live: PostgresConnection
            if let open = connection {
                live = open
            } else {
                live = try openConnection()
                connection = live
            }
            let rows = try live.executePrepared(
                name: Reader.statementName, parameters: [configuration.runId, configuration.sourcePath.rawValue],
                timeoutNs: configuration.opTimeoutNs)
            let values = rows.rows.first ?? []
            let seen = values.count > 0 ? values[0].flatMap { Int64($0) } : nil
            let node = values.count > 1 ? values[1] : nil
            let readOnly = values.count > 2 ? values[2].map { $0 == "on" } : nil
            return ReadRecord(
                path: path, seq: seq, startNs: startNs, endNs: clock.now(), outcome: .ok, node: node ?? "local",
                fromStandby: readOnly, seenSeq: seen ?? 0)
        } catch {
            connection = nil
            let failure = FailedAttempt(error)
            return ReadRecord(
                path: path, seq: seq, startNs: startNs, endNs: clock.now(), outcome: failure.outcome, sqlState: failure.sqlState,
                message: failure.message)
        }
    }

    private func openConnection() throws(PostgresError) -> PostgresConnection {
        let connection = try PostgresConnection.connect(dsn: configuration.dsn)
        try connection.prepareSession(statement: Reader.statementName, sql: WriteTable.readStatement, timeoutNs: configuration.opTimeoutNs)
        return connection
    }
}
