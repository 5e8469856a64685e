// Reading ops.csv back into op records, the inverse of `OpLog.csv(_:)`.

extension OpRecord {
    /// Parses the CSV `OpLog.csv(_:)` writes (columns found by header name).
    ///
    /// - Throws: ``ReportError`` naming the line of the first malformed row.
    public static func records(fromCSV text: String, file: String) throws -> [OpRecord] {
        let table = CSVTable(parsing: text)
        if table.header.isEmpty { return [] }
        try table.require(["path", "seq", "start_ns", "end_ns", "outcome"], file: file)
        return try table.rows.enumerated().map { index, row in
            let line = index + 2
            func bad(_ column: String) -> ReportError {
                ReportError("\(file):\(line): bad \(column) '\(table.value(column, in: row) ?? "")'")
            }
            guard let path = table.value("path", in: row).flatMap(WritePath.init(rawValue:)) else { throw bad("path") }
            guard let seq = table.value("seq", in: row).flatMap({ Int64($0) }) else { throw bad("seq") }
            guard let start = table.value("start_ns", in: row).flatMap({ Int64($0) }) else { throw bad("start_ns") }
            guard let end = table.value("end_ns", in: row).flatMap({ Int64($0) }) else { throw bad("end_ns") }
            guard let outcome = table.value("outcome", in: row).flatMap(OpOutcome.init(rawValue:)) else { throw bad("outcome") }
            var lsn: WALPosition?
            if let text = table.value("lsn", in: row) {
                guard let position = WALPosition(text: text) else { throw bad("lsn") }
                lsn = position
            }
            var timeline: Int?
            if let text = table.value("timeline", in: row) {
                guard let number = Int(text) else { throw bad("timeline") }
                timeline = number
            }
            return OpRecord(
                path: path, seq: seq, startNs: start, endNs: end, outcome: outcome, sqlState: table.value("sqlstate", in: row),
                message: table.value("message", in: row), node: table.value("node", in: row), lsn: lsn, timeline: timeline)
        }
    }
}
