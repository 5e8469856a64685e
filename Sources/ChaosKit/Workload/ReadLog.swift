// The append-only, thread-safe history of read attempts, and its CSV (reads.csv).

/// Every read attempt of a run, appended by reader threads.
public final class ReadLog: Sendable {
    private let state = Locked([ReadRecord]())

    /// Creates an empty log.
    public init() {}

    /// Appends one attempt.
    public func append(_ record: ReadRecord) { state.withLock { $0.append(record) } }

    /// A copy of every record, in append order.
    public var records: [ReadRecord] { state.withLock { $0 } }

    /// The header of reads.csv.
    public static let csvHeader = "path,seq,start_ns,end_ns,outcome,sqlstate,node,from_standby,seen_seq,message"

    /// Renders records as CSV (RFC 4180 quoting), one line per attempt; with a run id, a first `run_id` column.
    public static func csv(_ records: [ReadRecord], runID: String? = nil) -> String {
        CSVTable.render(header: csvHeader, rows: records.map { record in
            [
                record.path.rawValue, String(record.seq), String(record.startNs), String(record.endNs), record.outcome.rawValue,
                record.sqlState ?? "", record.node ?? "", record.fromStandby.map { $0 ? "true" : "false" } ?? "",
                record.seenSeq.map(String.init) ?? "", record.message ?? "",
            ]
        }, runID: runID)
    }
}
