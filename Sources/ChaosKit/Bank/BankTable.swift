// The bank's tables and statements: accounts keyed by run, and the log of committed transfers written in the same
// transaction as the transfer itself (so the log says exactly which transfers the database kept).

import Foundation

/// The bank's SQL.
enum BankTable {
    static let accounts = "chaos_bank_accounts"
    static let transfers = "chaos_bank_transfers"

    /// Creates both tables (once per database) and opens the run's accounts.
    static func create(on connection: PostgresConnection, runId: String, spec: BankSpec) throws(PostgresError) {
        _ = try connection.execute("""
            CREATE TABLE IF NOT EXISTS \(accounts) (run_id text NOT NULL, id int NOT NULL, balance bigint NOT NULL, PRIMARY KEY (run_id, id))
            """)
        _ = try connection.execute("""
            CREATE TABLE IF NOT EXISTS \(transfers) (run_id text NOT NULL, client text NOT NULL, seq bigint NOT NULL,
                from_id int NOT NULL, to_id int NOT NULL, amount bigint NOT NULL, PRIMARY KEY (run_id, client, seq))
            """)
        _ = try connection.execute(
            "INSERT INTO \(accounts) (run_id, id, balance) SELECT $1, g, $2 FROM generate_series(1, $3) g ON CONFLICT DO NOTHING",
            parameters: [runId, String(spec.balance), String(spec.accounts)])
    }

    /// Takes `amount` from an account if it has that much; a row back means it did.
    static let debit = "UPDATE \(accounts) SET balance = balance - $3 WHERE run_id = $1 AND id = $2 AND balance >= $3 RETURNING balance"
    /// Gives `amount` to an account.
    static let credit = "UPDATE \(accounts) SET balance = balance + $3 WHERE run_id = $1 AND id = $2 RETURNING balance"
    /// Logs a transfer (in its transaction).
    static let log = "INSERT INTO \(transfers) (run_id, client, seq, from_id, to_id, amount) VALUES ($1, $2, $3, $4, $5, $6)"
    /// Every balance at once (one statement, one snapshot): how many accounts, their sum, the smallest.
    static let check = "SELECT count(*), coalesce(sum(balance), 0), coalesce(min(balance), 0) FROM \(accounts) WHERE run_id = $1"

    /// The run's final balances and transfer log, read after the run.
    static func readFinal(runId: String, dsn: String) throws(PostgresError) -> BankFinalState {
        let connection = try PostgresConnection.connect(dsn: dsn)
        let balances = try connection.execute("SELECT id, balance FROM \(accounts) WHERE run_id = $1 ORDER BY id", parameters: [runId])
        let logged = try connection.execute(
            "SELECT client, seq, from_id, to_id, amount FROM \(transfers) WHERE run_id = $1 ORDER BY client, seq", parameters: [runId])
        var state = BankFinalState()
        for row in balances.rows {
            guard row.count == 2, let id = row[0].flatMap({ Int($0) }), let balance = row[1].flatMap({ Int64($0) }) else { continue }
            state.balances[id] = balance
        }
        for row in logged.rows {
            guard row.count == 5, let client = row[0], let seq = row[1].flatMap({ Int64($0) }), let from = row[2].flatMap({ Int($0) }),
                  let to = row[3].flatMap({ Int($0) }), let amount = row[4].flatMap({ Int64($0) }) else { continue }
            state.transfers.append(.init(client: client, seq: seq, from: from, to: to, amount: amount))
        }
        return state
    }
}

/// The bank as the database holds it after the run.
public struct BankFinalState: Sendable, Hashable, Codable {
    /// One logged transfer.
    public struct Transfer: Sendable, Hashable, Codable {
        /// The client and its sequence number (the transfer's key).
        public var client: String, seq: Int64
        /// From which account to which, how much.
        public var from: Int, to: Int, amount: Int64
    }

    /// Balance per account id.
    public var balances: [Int: Int64] = [:]
    /// Every transfer the log kept.
    public var transfers: [Transfer] = []

    /// An empty state.
    public init() {}
}
