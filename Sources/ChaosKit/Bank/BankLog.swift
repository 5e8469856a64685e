// The bank's history: every transfer and check, streamed to bank.csv as it grows (like ops.csv), and read back.

public import Foundation

/// Every bank attempt of a run, appended by the bank's threads.
public final class BankLog: Sendable {
    private let history: StreamedHistory<BankRecord>

    /// A log held in memory.
    public init() { history = StreamedHistory() }

    /// A log streamed to `file` (the run's bank.csv), keeping only the newest `keep` records in memory.
    public init(streamingTo file: URL, runID: String, secrets: [String] = [], keep: Int = 16_384) {
        history = StreamedHistory(file: file, format: .init(
            header: BankLog.csvHeader, runID: runID, row: BankLog.fields,
            parse: { try BankLog.records(fromCSV: $0, file: file.path) }, secrets: secrets), keep: keep)
    }

    /// Appends one attempt.
    public func append(_ record: BankRecord) { history.append([record]) }

    /// Every record, in append order.
    public var records: [BankRecord] {
        history.everything()
    }

    /// How many records so far.
    public var count: Int { history.count }

    /// Why the file stopped being written, or cannot be read back whole, if so.
    public var streamError: String? { history.streamError }

    /// Whether bank.csv holds every record (so the run folder need not write it again).
    public var isStreamed: Bool { history.isStreamed }

    /// Flushes and closes bank.csv.
    public func close() { history.close() }

    /// The header of bank.csv (without `run_id`).
    public static let csvHeader = "kind,path,client,seq,start_ns,end_ns,outcome,from,to,amount,retries,accounts,total,minimum,sqlstate,message"

    /// Renders records as CSV.
    public static func csv(_ records: [BankRecord], runID: String? = nil) -> String {
        CSVTable.render(header: csvHeader, rows: records.map(fields), runID: runID)
    }

    @Sendable static func fields(_ record: BankRecord) -> [String] {
        func text<T>(_ value: T?) -> String { value.map { "\($0)" } ?? "" }
        return [
            record.kind.rawValue, record.path.rawValue, record.client, String(record.seq), String(record.startNs), String(record.endNs),
            record.outcome.rawValue, text(record.from), text(record.to), text(record.amount), text(record.retries), text(record.accounts),
            text(record.total), text(record.minimum), record.sqlState ?? "", record.message ?? "",
        ]
    }

    /// Parses bank.csv back.
    ///
    /// - Throws: ``ReportError`` naming the line of the first malformed row.
    public static func records(fromCSV text: String, file: String = "bank.csv") throws -> [BankRecord] {
        let table = CSVTable(parsing: text)
        if table.header.isEmpty { return [] }
        try table.require(["kind", "path", "client", "seq", "start_ns", "end_ns", "outcome"], file: file)
        return try table.rows.enumerated().map { index, row in
            func bad(_ column: String) -> ReportError {
                ReportError("\(file):\(index + 2): bad \(column) '\(table.value(column, in: row) ?? "")'")
            }
            func number<T: LosslessStringConvertible>(_ column: String) throws -> T? {
                guard let text = table.value(column, in: row) else { return nil }
                guard let value = T(text) else { throw bad(column) }
                return value
            }
            guard let kind = table.value("kind", in: row).flatMap(BankRecord.Kind.init(rawValue:)) else { throw bad("kind") }
            guard let path = table.value("path", in: row).flatMap(WritePath.init(rawValue:)) else { throw bad("path") }
            guard let client = table.value("client", in: row) else { throw bad("client") }
            guard let seq: Int64 = try number("seq"), let start: Int64 = try number("start_ns"), let end: Int64 = try number("end_ns") else {
                throw bad("seq")
            }
            guard let outcome = table.value("outcome", in: row).flatMap(BankOutcome.init(rawValue:)) else { throw bad("outcome") }
            return BankRecord(
                kind: kind, path: path, client: client, seq: seq, startNs: start, endNs: end, outcome: outcome, from: try number("from"),
                to: try number("to"), amount: try number("amount"), retries: try number("retries"), accounts: try number("accounts"),
                total: try number("total"), minimum: try number("minimum"), sqlState: table.value("sqlstate", in: row),
                message: table.value("message", in: row))
        }
    }
}
