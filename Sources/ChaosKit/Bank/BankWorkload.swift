// The bank's threads for one run: a client per write path and isolation level, a checker per write path, all on the
// run's clock and logging into one BankLog; and, after the run, the database's final state read back.

import Foundation

/// Runs `workload.bank` next to the writers.
public final class BankWorkload: Sendable {
    /// The bank.
    public let spec: BankSpec
    /// Every transfer and check.
    public let log: BankLog
    private let runId: String
    private let clients: [BankClient]
    private let tableDSN: String

    /// The bank on `paths` (each with its connection string); nothing runs until ``start()``.
    public init(spec: BankSpec, runId: String, paths: [(path: WritePath, dsn: String)], opTimeoutNs: Int64, seed: UInt64,
                clock: MonotonicClock, log: BankLog = BankLog()) {
        self.spec = spec
        self.runId = runId
        self.log = log
        tableDSN = (paths.first { $0.path == .direct } ?? paths.first)?.dsn ?? ""
        var configurations: [BankClientConfiguration] = []
        for (path, dsn) in paths {
            let roles = spec.isolation.map { BankClientConfiguration.Role.transfers($0) } + [.checks]
            for role in roles {
                let configuration = BankClientConfiguration(
                    role: role, path: path, dsn: dsn, runId: runId, spec: spec, opTimeoutNs: opTimeoutNs, seed: 0)
                configurations.append(configuration)
            }
        }
        clients = configurations.map { configuration in
            var seeded = configuration
            seeded.seed = seed &+ StableHash.fnv1a(configuration.name)
            return BankClient(configuration: seeded, clock: clock, log: log)
        }
    }

    /// Creates the tables and opens the run's accounts, then starts every client.
    public func start() throws(PostgresError) {
        let connection = try PostgresConnection.connect(dsn: tableDSN)
        try BankTable.create(on: connection, runId: runId, spec: spec)
        clients.forEach { $0.start() }
    }

    /// Stops every client and closes bank.csv.
    public func stop() {
        clients.forEach { $0.stop() }
        log.close()
    }

    /// The database's final balances and transfer log, through `dsn` (the direct path finds the primary).
    public func readFinal(dsn: String) throws(PostgresError) -> BankFinalState {
        try BankTable.readFinal(runId: runId, dsn: dsn)
    }
}
