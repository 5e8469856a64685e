// bank.csv: every transfer and check of the bank's workload, one row each (streamed like ops.csv), and how it is
// read back.

/// Every bank attempt of a run, appended by the bank's threads.
public typealias BankLog = HistoryLog<BankRecord>

extension BankRecord: HistoryRecord {
    public static let csvHeader = "kind,path,client,seq,start_ns,end_ns,outcome,from,to,amount,retries,accounts,total,minimum,sqlstate,message"
    public static let csvFileName = "bank.csv"

    public var csvFields: [String] {
        func text<T>(_ value: T?) -> String { value.map { "\($0)" } ?? "" }
        return [
            kind.rawValue, path.rawValue, client, String(seq), String(startNs), String(endNs),
            outcome.rawValue, text(from), text(to), text(amount), text(retries), text(accounts),
            text(total), text(minimum), sqlState ?? "", message ?? "",
        ]
    }

    /// Parses bank.csv back.
    ///
    /// - Throws: ``ReportError`` naming the line of the first malformed row.
    public static func records(fromCSV text: String, file: String) throws -> [BankRecord] {
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
