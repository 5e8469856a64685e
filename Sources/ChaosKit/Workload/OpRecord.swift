// One write attempt on one path, as the history records it.

/// How a write attempt ended.
public enum OpOutcome: String, Sendable, Hashable, Codable {
    /// The server acknowledged the commit.
    case ok
    /// The server answered with an error (see ``OpRecord/sqlState``).
    case sqlError
    /// No answer within the op's deadline (client-side) or `statement_timeout` (SQLSTATE 57014).
    case timeout
    /// No connection, or the connection broke before an answer.
    case connectionError
}

/// How a failed attempt is recorded, write or read: SQLSTATE 57014 (statement timeout) counts as a timeout, a
/// connection lost without a SQLSTATE as a connection error.
struct FailedAttempt {
    /// The outcome.
    var outcome: OpOutcome
    /// The SQLSTATE of a server error.
    var sqlState: String?
    /// The error text.
    var message: String

    init(_ error: PostgresError) {
        switch error {
        case .connection(let text):
            (outcome, message) = (.connectionError, text)
        case .timeout(let text):
            (outcome, message) = (.timeout, text)
        case .sql(let state, let text, let lost):
            outcome = state == "57014" ? .timeout : (state.isEmpty && lost ? .connectionError : .sqlError)
            sqlState = state.isEmpty ? nil : state
            message = text
        }
    }
}

/// One write attempt: seq, monotonic start and end, outcome, serving node and commit position when acked.
public struct OpRecord: Sendable, Hashable, Codable {
    /// The path written through.
    public var path: WritePath
    /// Per-path sequence number, starting at 1, one per attempt.
    public var seq: Int64
    /// Attempt start, nanoseconds since the run's start (monotonic).
    public var startNs: Int64
    /// Attempt end, nanoseconds since the run's start (monotonic).
    public var endNs: Int64
    /// How it ended.
    public var outcome: OpOutcome
    /// SQLSTATE of a server error.
    public var sqlState: String?
    /// Error text, if any.
    public var message: String?
    /// The serving node as `address:port` (from `inet_server_addr()`), when acked.
    public var node: String?
    /// WAL insert position right before the commit, when acked (a lower bound of the commit LSN).
    public var lsn: WALPosition?
    /// The serving node's timeline at the write, when acked.
    public var timeline: Int?

    /// Creates a record.
    public init(
        path: WritePath, seq: Int64, startNs: Int64, endNs: Int64, outcome: OpOutcome, sqlState: String? = nil,
        message: String? = nil, node: String? = nil, lsn: WALPosition? = nil, timeline: Int? = nil
    ) {
        self.path = path
        self.seq = seq
        self.startNs = startNs
        self.endNs = endNs
        self.outcome = outcome
        self.sqlState = sqlState
        self.message = message
        self.node = node
        self.lsn = lsn
        self.timeline = timeline
    }

    /// True when the server acknowledged the write.
    public var isAck: Bool { outcome == .ok }
}
