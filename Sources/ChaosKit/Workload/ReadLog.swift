// reads.csv: every read attempt of a run, one row each, and how it is read back.

/// Every read attempt of a run, appended by reader threads.
public typealias ReadLog = HistoryLog<ReadRecord>

extension ReadRecord: HistoryRecord {
    public static let csvHeader = "path,seq,start_ns,end_ns,outcome,sqlstate,node,from_standby,seen_seq,message"
    public static let csvFileName = "reads.csv"

    public var csvFields: [String] {
        [
            path.rawValue, String(seq), String(startNs), String(endNs), outcome.rawValue, sqlState ?? "", node ?? "",
            fromStandby.map { $0 ? "true" : "false" } ?? "", seenSeq.map(String.init) ?? "", message ?? "",
        ]
    }

    public static func records(fromCSV text: String, file: String) throws -> [ReadRecord] {
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
