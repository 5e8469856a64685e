// One of the bank's threads: a client moving money between random accounts in transactions (retrying serialization
// failures as a real client would), or a checker reading every balance at once — on its own connection through one
// write path, on the writers' schedule.

import Foundation

/// What one bank thread does, and where.
public struct BankClientConfiguration: Sendable, Hashable {
    /// A client transferring under an isolation level, or a checker.
    public enum Role: Sendable, Hashable {
        /// Transfers (split in two transactions when the spec plants that bug).
        case transfers(BankIsolation)
        /// Reads every balance at once.
        case checks
    }

    /// The role.
    public var role: Role
    /// The path and its connection string.
    public var path: WritePath, dsn: String
    /// The run whose accounts it uses.
    public var runId: String
    /// The bank.
    public var spec: BankSpec
    /// One statement's deadline.
    public var opTimeoutNs: Int64
    /// Seeds the client's picks (accounts and amounts).
    public var seed: UInt64

    /// The client's name in bank.csv and the transfer log: `direct-serializable`, `pgpool-check`.
    public var name: String {
        switch role {
        case .transfers(let isolation): return "\(path.rawValue)-\(isolation.rawValue)"
        case .checks: return "\(path.rawValue)-check"
        }
    }

    /// Attempts per second.
    var rate: Double { role == .checks ? Double(spec.checkRate) : Double(spec.rate) }
}

/// Runs one bank client or checker on its own thread, logging every attempt into a ``BankLog``.
final class BankClient: Sendable {
    let configuration: BankClientConfiguration
    private let clock: MonotonicClock
    private let log: BankLog
    private let stopFlag = StopFlag()

    /// How many times a transfer is retried after a serialization failure or a deadlock before it counts as failed.
    static let retryLimit = 10
    private static let retried: Set<String> = ["40001", "40P01"]

    init(configuration: BankClientConfiguration, clock: MonotonicClock, log: BankLog) {
        self.configuration = configuration
        self.clock = clock
        self.log = log
    }

    func start() {
        stopFlag.workerStarted()
        let thread = Thread { [self] in
            run()
            stopFlag.workerFinished()
        }
        thread.name = "chaos-bank-\(configuration.name)"
        thread.start()
    }

    @discardableResult
    func stop() -> Bool { stopFlag.stopAndWait(timeoutSeconds: Double(configuration.opTimeoutNs) / 1e9 * 8 + 5) }

    private func run() {
        var connection: PostgresConnection?
        var random = SeededGenerator(seed: configuration.seed)
        let schedule = AttemptSchedule(
            rate: configuration.rate, budget: ReconnectBudget.standard, clock: clock, stopFlag: stopFlag)
        schedule.run(isConnected: { connection != nil }) { seq, budget in
            let connecting = connection == nil
            let cpuBefore = connecting ? ReconnectBudget.threadCPUNs() : 0
            let record: BankRecord
            switch configuration.role {
            case .checks: record = check(seq: seq, connection: &connection)
            case .transfers(let isolation): record = transfer(seq: seq, isolation: isolation, connection: &connection, random: &random)
            }
            if connecting { budget.charge(cpuNs: ReconnectBudget.threadCPUNs() - cpuBefore, atNs: record.endNs) }
            log.append(record)
            return (record.outcome == .ok || record.outcome == .declined, record.endNs)
        }
    }

    private func open(_ connection: inout PostgresConnection?) throws(PostgresError) -> PostgresConnection {
        if let connection { return connection }
        let opened = try PostgresConnection.connect(dsn: configuration.dsn)
        try opened.execute("SET statement_timeout = \(configuration.opTimeoutNs / 1_000_000)", timeoutNs: configuration.opTimeoutNs)
        connection = opened
        return opened
    }

    private func check(seq: Int64, connection: inout PostgresConnection?) -> BankRecord {
        let start = clock.now()
        var record = BankRecord(
            kind: .check, path: configuration.path, client: configuration.name, seq: seq, startNs: start, endNs: start, outcome: .ok)
        do throws(PostgresError) {
            let rows = try open(&connection).execute(BankTable.check, parameters: [configuration.runId], timeoutNs: configuration.opTimeoutNs)
            let values = rows.rows.first ?? []
            record.accounts = values.first.flatMap { $0 }.flatMap { Int($0) }
            record.total = values.count > 1 ? values[1].flatMap { Int64($0) } : nil
            record.minimum = values.count > 2 ? values[2].flatMap { Int64($0) } : nil
        } catch {
            connection = nil
            let failure = FailedAttempt(error)
            (record.outcome, record.sqlState, record.message) = (.failed, failure.sqlState, failure.message)
        }
        record.endNs = clock.now()
        return record
    }

    /// One transfer: debit (if the balance allows) and credit in one transaction with its log row, the two accounts
    /// locked in id order (no deadlock between clients); a serialization failure or deadlock is retried.
    private func transfer(seq: Int64, isolation: BankIsolation, connection: inout PostgresConnection?, random: inout SeededGenerator) -> BankRecord {
        let spec = configuration.spec
        let from = Int.random(in: 1...spec.accounts, using: &random)
        var to = Int.random(in: 1...(spec.accounts - 1), using: &random)
        if to >= from { to += 1 }
        let amount = Int64.random(in: 1...Int64(max(1, spec.balance / 10)), using: &random)
        var record = BankRecord(
            kind: .transfer, path: configuration.path, client: configuration.name, seq: seq, startNs: clock.now(), endNs: 0, outcome: .ok,
            from: from, to: to, amount: amount, retries: 0)
        let keys = [configuration.runId, configuration.name, String(seq), String(from), String(to), String(amount)]
        var retries = 0
        while true {
            var committing = false
            do throws(PostgresError) {
                let live = try open(&connection)
                if spec.splitTransfers {
                    record.outcome = try splitTransfer(on: live, keys: keys, committing: &committing)
                } else {
                    record.outcome = try wholeTransfer(on: live, isolation: isolation, keys: keys, committing: &committing)
                }
                break
            } catch {
                let failure = FailedAttempt(error)
                // A connection that broke — with or without a SQLSTATE (57P01 on a shutdown, a FATAL at COMMIT while
                // waiting for a sync standby) — is dropped; its COMMIT, if one was in flight, may have been applied.
                var lost = error.connectionUnusable || failure.outcome != .sqlError
                if !lost {
                    do throws(PostgresError) { try connection?.execute("ROLLBACK", timeoutNs: configuration.opTimeoutNs) } catch { lost = true }
                }
                if lost { connection = nil }
                if !lost, let state = failure.sqlState, BankClient.retried.contains(state), retries < BankClient.retryLimit, !stopFlag.isStopped {
                    retries += 1
                    continue
                }
                (record.outcome, record.sqlState, record.message) = (committing && lost ? .ambiguous : .failed, failure.sqlState, failure.message)
                break
            }
        }
        record.retries = retries
        record.endNs = clock.now()
        return record
    }

    private func wholeTransfer(on live: PostgresConnection, isolation: BankIsolation, keys: [String], committing: inout Bool) throws(PostgresError) -> BankOutcome {
        let timeout = configuration.opTimeoutNs
        let (run, from, to, amount) = (keys[0], keys[3], keys[4], keys[5])
        try live.execute("BEGIN ISOLATION LEVEL \(isolation.sql)", timeoutNs: timeout)
        var debited = false
        if Int(from)! < Int(to)! {
            debited = !(try live.execute(BankTable.debit, parameters: [run, from, amount], timeoutNs: timeout).rows.isEmpty)
            if debited { try live.execute(BankTable.credit, parameters: [run, to, amount], timeoutNs: timeout) }
        } else {
            try live.execute(BankTable.credit, parameters: [run, to, amount], timeoutNs: timeout)
            debited = !(try live.execute(BankTable.debit, parameters: [run, from, amount], timeoutNs: timeout).rows.isEmpty)
        }
        guard debited else {
            try live.execute("ROLLBACK", timeoutNs: timeout)
            return .declined
        }
        try live.execute(BankTable.log, parameters: keys, timeoutNs: timeout)
        committing = true
        try live.execute("COMMIT", timeoutNs: timeout)
        return .ok
    }

    /// The planted bug: the debit commits on its own, the credit (with the log row) a moment later in a second
    /// transaction — a reader in between sees money missing, and a crash in between loses it.
    private func splitTransfer(on live: PostgresConnection, keys: [String], committing: inout Bool) throws(PostgresError) -> BankOutcome {
        let timeout = configuration.opTimeoutNs
        let (run, from, to, amount) = (keys[0], keys[3], keys[4], keys[5])
        guard !(try live.execute(BankTable.debit, parameters: [run, from, amount], timeoutNs: timeout).rows.isEmpty) else { return .declined }
        _ = stopFlag.sleep(nanoseconds: 20_000_000)
        try live.execute("BEGIN", timeoutNs: timeout)
        try live.execute(BankTable.credit, parameters: [run, to, amount], timeoutNs: timeout)
        try live.execute(BankTable.log, parameters: keys, timeoutNs: timeout)
        committing = true
        try live.execute("COMMIT", timeoutNs: timeout)
        return .ok
    }
}
