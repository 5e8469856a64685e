// The append-only, thread-safe history of read attempts, and its CSV (reads.csv): in memory, or streamed to the
// run's reads.csv as it grows (see StreamedHistory).

public import Foundation

/// Every read attempt of a run, appended by reader threads.
public final class ReadLog: Sendable {
    private let history: StreamedHistory<ReadRecord>

    /// Creates an empty log held in memory.
    public init() { history = StreamedHistory() }

    /// Creates an empty log streamed to `file` as the run's reads.csv (with a `run_id` column, `secrets` blanked
    /// out), keeping only the newest `keep` attempts in memory.
    public init(streamingTo file: URL, runID: String, secrets: [String] = [], keep: Int = 16_384) {
        history = StreamedHistory(file: file, format: .init(
            header: ReadLog.csvHeader, runID: runID, row: ReadLog.fields,
            parse: { try ReadLog.records(fromCSV: $0, file: file.path) }, secrets: secrets), keep: keep)
    }

    /// Appends one attempt.
    public func append(_ record: ReadRecord) { history.append([record]) }

    /// Every record, in append order (read back from reads.csv when streamed).
    public var records: [ReadRecord] {
        history.everything()
    }

    /// Whether reads.csv holds every attempt (so the run folder need not write it again).
    public var isStreamed: Bool { history.isStreamed }

    /// Why the file stopped being written, or cannot be read back whole, if so.
    public var streamError: String? { history.streamError }

    /// Flushes and closes reads.csv (the readers have stopped).
    public func close() { history.close() }

    /// The header of reads.csv.
    public static let csvHeader = "path,seq,start_ns,end_ns,outcome,sqlstate,node,from_standby,seen_seq,message"

    /// Renders records as CSV (RFC 4180 quoting), one line per attempt; with a run id, a first `run_id` column.
    public static func csv(_ records: [ReadRecord], runID: String? = nil) -> String {
        CSVTable.render(header: csvHeader, rows: records.map(fields), runID: runID)
    }

    @Sendable static func fields(_ record: ReadRecord) -> [String] {
        [
            record.path.rawValue, String(record.seq), String(record.startNs), String(record.endNs), record.outcome.rawValue,
            record.sqlState ?? "", record.node ?? "", record.fromStandby.map { $0 ? "true" : "false" } ?? "",
            record.seenSeq.map(String.init) ?? "", record.message ?? "",
        ]
    }

    /// Parses reads.csv back.
    ///
    /// - Throws: ``ReportError`` naming the line of the first malformed row.
    public static func records(fromCSV text: String, file: String = "reads.csv") throws -> [ReadRecord] {
        let table = CSVTable(parsing: text)
        if table.header.isEmpty { return [] }
        try table.require(["path", "seq", "start_ns", "end_ns", "outcome"], file: file)
        return try table.rows.enumerated().map { index, row in
            func bad(_ column: String) -> ReportError { ReportError("\(file):\(index + 2): bad \(column) '\(table.value(column, in: row) ?? "")'") }
            guard let path = table.value("path", in: row).flatMap(ReadPath.init(rawValue:)) else { throw bad("path") }
            guard let seq = table.value("seq", in: row).flatMap({ Int64($0) }) else { throw bad("seq") }
            guard let start = table.value("start_ns", in: row).flatMap({ Int64($0) }) else { throw bad("start_ns") }
            guard let end = table.value("end_ns", in: row).flatMap({ Int64($0) }) else { throw bad("end_ns") }
            guard let outcome = table.value("outcome", in: row).flatMap(OpOutcome.init(rawValue:)) else { throw bad("outcome") }
            var seen: Int64?
            if let text = table.value("seen_seq", in: row) {
                guard let value = Int64(text) else { throw bad("seen_seq") }
                seen = value
            }
            return ReadRecord(
                path: path, seq: seq, startNs: start, endNs: end, outcome: outcome, sqlState: table.value("sqlstate", in: row),
                message: table.value("message", in: row), node: table.value("node", in: row),
                fromStandby: table.value("from_standby", in: row).map { $0 == "true" }, seenSeq: seen)
        }
    }
}
