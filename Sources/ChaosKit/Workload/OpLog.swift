// The append-only, thread-safe history of write attempts, with live counters and CSV output.

public import Foundation

/// Live counters for one path, readable while writers run (for stop conditions).
public struct PathLiveStatus: Sendable, Hashable {
    /// Acknowledged writes so far.
    public var acked = 0
    /// Failed or timed-out writes so far.
    public var failed = 0
    /// End of the latest acknowledged write (monotonic ns), if any.
    public var lastAckNs: Int64?
    /// The sequence number of the latest failed write, if any.
    public var lastFailureSeq: Int64?
    /// Whether a write after the latest failure was acknowledged (no failure yet: false).
    public var ackedSinceFailure = false
}

/// Every write attempt of a run, appended by writer threads: in memory, or streamed to ops.csv as it grows (a
/// ``HistoryLog``), with live counters per path either way.
public final class OpLog: Sendable {
    private let history: HistoryLog<OpRecord>
    private let live = Locked([WritePath: PathLiveStatus]())

    /// Creates an empty log held in memory.
    public init() { history = HistoryLog() }

    /// Creates an empty log streamed to `file` as the run's ops.csv (with a `run_id` column, `secrets` blanked out),
    /// keeping only the newest `keep` attempts in memory.
    public init(streamingTo file: URL, runID: String, secrets: [String] = [], keep: Int = 16_384) {
        history = HistoryLog(streamingTo: file, runID: runID, secrets: secrets, keep: keep)
    }

    /// Appends one attempt.
    public func append(_ record: OpRecord) {
        history.append(record)
        live.withLock { live in
            var status = live[record.path] ?? PathLiveStatus()
            if record.isAck {
                status.acked += 1
                status.lastAckNs = max(status.lastAckNs ?? record.endNs, record.endNs)
                if let failure = status.lastFailureSeq, record.seq > failure { status.ackedSinceFailure = true }
            } else {
                status.failed += 1
                if record.seq >= (status.lastFailureSeq ?? 0) {
                    status.lastFailureSeq = record.seq
                    status.ackedSinceFailure = false
                }
            }
            live[record.path] = status
        }
    }

    /// Every record, in append order (read back from ops.csv when streamed; an unreadable file gives those in
    /// memory only, and ``streamError`` says why).
    public var records: [OpRecord] { history.records }

    /// The records appended since the first `count` (those after an earlier call's total), and the total now:
    /// a reader that follows the log (the game day's dashboard) copies only what is new.
    public func records(after count: Int) -> (records: [OpRecord], total: Int) { history.records(after: count) }

    /// Whether ops.csv holds every attempt (so the run folder need not write it again).
    public var isStreamed: Bool { history.isStreamed }

    /// Why ops.csv stopped being written, or could not be read back, if so.
    public var streamError: String? { history.streamError }

    /// Flushes and closes ops.csv (the writers have stopped).
    public func close() { history.close() }

    /// Live counters for a path.
    public func liveStatus(of path: WritePath) -> PathLiveStatus {
        live.withLock { $0[path] ?? PathLiveStatus() }
    }

    /// The history as CSV: a header, then one line per attempt in append order.
    public func csv() -> String { OpLog.csv(records) }

    /// Writes the CSV to a file.
    public func writeCSV(to url: URL) throws {
        try Data(csv().utf8).write(to: url, options: .atomic)
    }

    /// Renders records as CSV (RFC 4180 quoting); with a run id, a first `run_id` column.
    public static func csv(_ records: [OpRecord], runID: String? = nil) -> String { HistoryLog<OpRecord>.csv(records, runID: runID) }

    /// Parses ops.csv back (columns found by header name).
    ///
    /// - Throws: ``ReportError`` naming the line of the first malformed row.
    public static func records(fromCSV text: String, file: String = OpRecord.csvFileName) throws -> [OpRecord] {
        try OpRecord.records(fromCSV: text, file: file)
    }
}

extension OpRecord: HistoryRecord {
    public static let csvHeader = "path,seq,start_ns,end_ns,outcome,sqlstate,node,lsn,timeline,message"
    public static let csvFileName = "ops.csv"

    public var csvFields: [String] {
        [
            path.rawValue, String(seq), String(startNs), String(endNs), outcome.rawValue, sqlState ?? "", node ?? "",
            lsn?.description ?? "", timeline.map(String.init) ?? "", message ?? "",
        ]
    }
}
