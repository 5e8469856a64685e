// Reading metrics.csv back into samples, the inverse of `MetricsLog.csv(_:)`.

extension MetricSample {
    /// Parses the CSV `MetricsLog.csv(_:)` writes (columns found by header name).
    ///
    /// - Throws: ``ReportError`` naming the line of the first malformed row.
    public static func records(fromCSV text: String, file: String) throws -> [MetricSample] {
        let table = CSVTable(parsing: text)
        if table.header.isEmpty { return [] }
        try table.require(["time_ns", "source", "metric", "labels", "value"], file: file)
        return try table.rows.enumerated().map { index, row in
            let line = index + 2
            guard let time = table.value("time_ns", in: row).flatMap({ Int64($0) }) else {
                throw ReportError("\(file):\(line): bad time_ns '\(table.value("time_ns", in: row) ?? "")'")
            }
            guard let value = table.value("value", in: row).flatMap(Double.init) else {
                throw ReportError("\(file):\(line): bad value '\(table.value("value", in: row) ?? "")'")
            }
            var labels: [String: String] = [:]
            for pair in (table.value("labels", in: row) ?? "").split(separator: ";") {
                let parts = pair.split(separator: "=", maxSplits: 1).map(String.init)
                if parts.count == 2 { labels[parts[0]] = parts[1] }
            }
            return MetricSample(
                timeNs: time, source: table.value("source", in: row) ?? "", metric: table.value("metric", in: row) ?? "", labels: labels, value: value)
        }
    }
}
