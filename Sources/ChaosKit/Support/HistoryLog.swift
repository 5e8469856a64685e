// One kind of a run's history — reads, samples, bank attempts (and, inside OpLog, writes) — appended by its threads
// and held in memory or streamed to its CSV file in the run folder (StreamedHistory). Each record type says its
// header, its fields and how its file is read back (HistoryRecord).

public import Foundation

/// A record a run's history file holds, one CSV row each.
public protocol HistoryRecord: Sendable {
    /// The CSV header (without `run_id`).
    static var csvHeader: String { get }
    /// The file's usual name, for messages (`reads.csv`).
    static var csvFileName: String { get }
    /// This record's fields, in the header's order.
    var csvFields: [String] { get }
    /// Parses a whole file back (columns found by header name).
    ///
    /// - Throws: ``ReportError`` naming the line of the first malformed row.
    static func records(fromCSV text: String, file: String) throws -> [Self]
}

/// The append-only, thread-safe history of one kind of record.
public final class HistoryLog<Record: HistoryRecord>: Sendable {
    private let history: StreamedHistory<Record>

    /// An empty log held in memory.
    public init() { history = StreamedHistory() }

    /// An empty log streamed to `file` (with a `run_id` column, `secrets` blanked out), keeping only the newest `keep`
    /// records in memory.
    public init(streamingTo file: URL, runID: String, secrets: [String] = [], keep: Int = 16_384) {
        history = StreamedHistory(file: file, format: .init(
            header: Record.csvHeader, runID: runID, row: { $0.csvFields },
            parse: { try Record.records(fromCSV: $0, file: file.path) }, secrets: secrets), keep: keep)
    }

    /// Appends one record.
    public func append(_ record: Record) { history.append([record]) }

    /// Appends records in order.
    public func append(_ records: [Record]) { history.append(records) }

    /// Every record, in append order (read back from the file when streamed; if it cannot be, those in memory, and
    /// ``streamError`` says why).
    public var records: [Record] { history.everything() }

    /// The records appended after the first `count`, and the total now (for a reader that follows the log).
    public func records(after count: Int) -> (records: [Record], total: Int) { history.after(count) }

    /// How many records so far.
    public var count: Int { history.count }

    /// Whether the file holds every record (so the run folder need not write it again).
    public var isStreamed: Bool { history.isStreamed }

    /// Why the file stopped being written, or could not be read back, if so.
    public var streamError: String? { history.streamError }

    /// Flushes and closes the file (its writers have stopped).
    public func close() { history.close() }

    /// Renders records as CSV (RFC 4180 quoting); with a run id, a first `run_id` column.
    public static func csv(_ records: [Record], runID: String? = nil) -> String {
        CSVTable.render(header: Record.csvHeader, rows: records.map(\.csvFields), runID: runID)
    }

    /// The header of the file (without `run_id`).
    public static var csvHeader: String { Record.csvHeader }

    /// Parses a file back.
    ///
    /// - Throws: ``ReportError`` naming the line of the first malformed row.
    public static func records(fromCSV text: String, file: String = Record.csvFileName) throws -> [Record] {
        try Record.records(fromCSV: text, file: file)
    }
}
