// One read attempt on one read path, as the history records it.

/// One read: what it found of the writers' rows, and which server answered.
public struct ReadRecord: Sendable, Hashable, Codable, TimedAttempt {
    /// The path read through.
    public var path: ReadPath
    /// Per-path sequence number, starting at 1, one per attempt.
    public var seq: Int64
    /// Attempt start, ns on the run clock.
    public var startNs: Int64
    /// Attempt end, ns on the run clock.
    public var endNs: Int64
    /// How it ended (the outcomes of writes).
    public var outcome: OpOutcome
    /// SQLSTATE of a server error.
    public var sqlState: String?
    /// Error text, if any.
    public var message: String?
    /// The serving node as `address:port`, when answered.
    public var node: String?
    /// Whether the serving node was a standby (`pg_is_in_recovery()`), when answered.
    public var fromStandby: Bool?
    /// The highest seq of the source path's writes the read saw (0: none yet), when answered.
    public var seenSeq: Int64?

    /// Creates a record.
    public init(
        path: ReadPath, seq: Int64, startNs: Int64, endNs: Int64, outcome: OpOutcome, sqlState: String? = nil,
        message: String? = nil, node: String? = nil, fromStandby: Bool? = nil, seenSeq: Int64? = nil
    ) {
        self.path = path
        self.seq = seq
        self.startNs = startNs
        self.endNs = endNs
        self.outcome = outcome
        self.sqlState = sqlState
        self.message = message
        self.node = node
        self.fromStandby = fromStandby
        self.seenSeq = seenSeq
    }

    /// True when the server answered the read.
    public var isAck: Bool { outcome == .ok }
}
