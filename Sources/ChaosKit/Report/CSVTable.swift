// Reading RFC 4180 CSV back (the ops.csv and events.csv the run wrote), addressing fields by header name.

import Foundation

/// A parsed CSV file: a header and rows of fields.
struct CSVTable {
    /// Column names, from the first line.
    let header: [String]
    /// Data rows (each padded or cut to the header's width).
    let rows: [[String]]
    private let columns: [String: Int]

    /// Parses CSV text; quoted fields may hold commas, quotes (`""`) and line breaks.
    init(parsing text: String) {
        var records: [[String]] = []
        var record: [String] = []
        var field = ""
        var quoted = false
        var afterQuote = false
        var iterator = text.unicodeScalars.makeIterator()
        var pending: Unicode.Scalar? = iterator.next()
        while let scalar = pending {
            pending = iterator.next()
            if quoted {
                if scalar == "\"" {
                    if pending == "\"" {
                        field.unicodeScalars.append("\"")
                        pending = iterator.next()
                    } else {
                        quoted = false
                        afterQuote = true
                    }
                } else {
                    field.unicodeScalars.append(scalar)
                }
                continue
            }
            switch scalar {
            case "\"" where field.isEmpty && !afterQuote:
                quoted = true
            case ",":
                record.append(field)
                field = ""
                afterQuote = false
            case "\r" where pending == "\n":
                continue
            case "\n", "\r":
                record.append(field)
                records.append(record)
                record = []
                field = ""
                afterQuote = false
            default:
                field.unicodeScalars.append(scalar)
            }
        }
        if !field.isEmpty || !record.isEmpty || afterQuote {
            record.append(field)
            records.append(record)
        }
        header = records.first ?? []
        let width = header.count
        rows = records.dropFirst().filter { $0 != [""] }.map { row in
            row.count >= width ? Array(row.prefix(width)) : row + Array(repeating: "", count: width - row.count)
        }
        var columns: [String: Int] = [:]
        for (index, name) in header.enumerated() { columns[name] = index }
        self.columns = columns
    }

    /// The field of `row` under column `name`; nil when the column is missing or the field is empty.
    func value(_ name: String, in row: [String]) -> String? {
        guard let index = columns[name], index < row.count, !row[index].isEmpty else { return nil }
        return row[index]
    }

    /// Throws unless every named column is present.
    func require(_ names: [String], file: String) throws {
        let missing = names.filter { columns[$0] == nil }
        if !missing.isEmpty {
            throw ReportError(
                "\(file): missing column(s) \(missing.joined(separator: ", "))",
                hint: "expected a header line starting with \(names.joined(separator: ","))")
        }
    }

    /// CSV text: the header, then one line per row (fields quoted as needed). With a run id every line starts with a
    /// `run_id` column, so the CSVs of many runs stack into one table without code.
    static func render(header: String, rows: [[String]], runID: String? = nil) -> String {
        var lines = [(runID == nil ? "" : "run_id,") + header]
        lines.reserveCapacity(rows.count + 1)
        let prefix = runID.map { field($0) + "," } ?? ""
        for row in rows { lines.append(prefix + row.map(field).joined(separator: ",")) }
        return lines.joined(separator: "\n") + "\n"
    }

    /// Quotes a field when it holds a comma, a quote or a line break (RFC 4180).
    static func field(_ value: String) -> String {
        guard value.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" || $0 == "\r\n" }) else { return value }
        return "\"" + value.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }
}
