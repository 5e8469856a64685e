// events.csv: one row per observer event, written during the run and read back by `chaos report`.

extension ClusterEvent {
    /// The events.csv header.
    public static let csvHeader = "time_ns,previous_ns,kind,source,member,from,to"

    /// Renders events as CSV (RFC 4180 quoting), one line per event in the given order; with a run id, a first
    /// `run_id` column.
    public static func csv(_ events: [ClusterEvent], runID: String? = nil) -> String {
        CSVTable.render(header: csvHeader, rows: events.map { event in
            [
                String(event.timeNs), event.previousNs.map(String.init) ?? "", event.kind.rawValue, event.source,
                event.member ?? "", event.from ?? "", event.to ?? "",
            ]
        }, runID: runID)
    }

    /// Parses the CSV ``csv(_:)`` writes.
    ///
    /// - Throws: ``ReportError`` naming the line of the first malformed row.
    public static func records(fromCSV text: String, file: String = "events.csv") throws -> [ClusterEvent] {
        let table = CSVTable(parsing: text)
        if table.header.isEmpty { return [] }
        try table.require(["time_ns", "kind", "source"], file: file)
        return try table.rows.enumerated().map { index, row in
            let line = index + 2
            func bad(_ column: String) -> ReportError {
                ReportError("\(file):\(line): bad \(column) '\(table.value(column, in: row) ?? "")'")
            }
            guard let time = table.value("time_ns", in: row).flatMap({ Int64($0) }) else { throw bad("time_ns") }
            guard let kind = table.value("kind", in: row).flatMap(Kind.init(rawValue:)) else { throw bad("kind") }
            var previous: Int64?
            if let text = table.value("previous_ns", in: row) {
                guard let value = Int64(text) else { throw bad("previous_ns") }
                previous = value
            }
            return ClusterEvent(
                timeNs: time, previousNs: previous, kind: kind, source: table.value("source", in: row) ?? "",
                member: table.value("member", in: row), from: table.value("from", in: row), to: table.value("to", in: row))
        }
    }
}
