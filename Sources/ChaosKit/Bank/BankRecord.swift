// One attempt of the bank's workload — a transfer or a check of every balance — as bank.csv holds it.

/// How a bank attempt ended.
public enum BankOutcome: String, Sendable, Hashable, Codable {
    /// A transfer committed (acknowledged), or a check answered.
    case ok
    /// The source account had too little: the client rolled the transfer back (applied: certainly not).
    case declined
    /// It failed before its COMMIT was sent, or its COMMIT was refused (applied: certainly not).
    case failed
    /// The connection broke or timed out while COMMIT was in flight: it may or may not have been applied.
    case ambiguous
}

/// One transfer or check.
public struct BankRecord: Sendable, Hashable, Codable {
    /// What was done.
    public enum Kind: String, Sendable, Hashable, Codable {
        /// Money moved from one account to another.
        case transfer
        /// Every balance read at once.
        case check
    }

    /// Transfer or check.
    public var kind: Kind
    /// The write path it went through.
    public var path: WritePath
    /// The client (`direct-serializable`, `pgpool-check`, …); with ``seq`` the transfer's key in the log.
    public var client: String
    /// The client's sequence number, from 1.
    public var seq: Int64
    /// Start and end on the run clock.
    public var startNs: Int64, endNs: Int64
    /// How it ended.
    public var outcome: BankOutcome
    /// A transfer: from, to, how much, and how many serialization failures it retried after.
    public var from: Int?, to: Int?, amount: Int64?, retries: Int?
    /// A check: how many accounts it saw, their total, the smallest balance.
    public var accounts: Int?, total: Int64?, minimum: Int64?
    /// A failure's SQLSTATE and text.
    public var sqlState: String?, message: String?

    /// A record.
    public init(
        kind: Kind, path: WritePath, client: String, seq: Int64, startNs: Int64, endNs: Int64, outcome: BankOutcome,
        from: Int? = nil, to: Int? = nil, amount: Int64? = nil, retries: Int? = nil, accounts: Int? = nil, total: Int64? = nil,
        minimum: Int64? = nil, sqlState: String? = nil, message: String? = nil
    ) {
        self.kind = kind
        self.path = path
        self.client = client
        self.seq = seq
        self.startNs = startNs
        self.endNs = endNs
        self.outcome = outcome
        self.from = from
        self.to = to
        self.amount = amount
        self.retries = retries
        self.accounts = accounts
        self.total = total
        self.minimum = minimum
        self.sqlState = sqlState
        self.message = message
    }
}
