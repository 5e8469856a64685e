// `workload.bank`: the transactional workload — accounts with a known total, clients moving money between them in
// transactions, and checkers reading every balance at once to see that the total never changes.

/// An isolation level the bank's clients transfer under.
public enum BankIsolation: String, Sendable, Hashable, Codable, CaseIterable {
    /// `READ COMMITTED`, PostgreSQL's default.
    case readCommitted = "read_committed"
    /// `SERIALIZABLE`; serialization failures are retried as a client would.
    case serializable

    /// The SQL words.
    var sql: String { self == .readCommitted ? "READ COMMITTED" : "SERIALIZABLE" }
}

/// What `workload.bank` asks for.
public struct BankSpec: Sendable, Hashable, Codable {
    /// How many accounts.
    public var accounts = 10
    /// Each account's opening balance (the total is `accounts × balance`).
    public var balance = 1_000
    /// Transfers per second of each client (one client per write path and isolation level).
    public var rate = 20
    /// The isolation levels transferred under (one client each, on every write path).
    public var isolation: [BankIsolation] = BankIsolation.allCases
    /// Reads of every balance per second, per write path.
    public var checkRate = 5
    /// A deliberately broken client, to see the invariants catch it: each transfer's debit and credit are committed
    /// in two transactions.
    public var splitTransfers = false

    /// The default bank.
    public init() {}

    /// The total every check must find.
    public var total: Int64 { Int64(accounts) * Int64(balance) }
}
