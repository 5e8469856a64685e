// A table for a document: a caption, columns (text or numbers) and rows — what `chaos export` writes as CSV,
// Markdown or LaTeX from a run, suite, bench or study folder.

import Foundation

/// One table of an export.
public struct ExportTable: Sendable, Hashable {
    /// A column: its heading and whether it holds numbers (right-aligned).
    public struct Column: Sendable, Hashable {
        /// Heading.
        public var name: String
        /// Right-aligned when true.
        public var numeric: Bool

        /// Creates a column.
        public init(_ name: String, numeric: Bool = false) {
            self.name = name
            self.numeric = numeric
        }
    }

    /// The caption (`rto.direct by ttl`).
    public var caption: String
    /// The columns.
    public var columns: [Column]
    /// The rows, one text per column.
    public var rows: [[String]]

    /// Creates a table.
    public init(caption: String, columns: [Column], rows: [[String]]) {
        self.caption = caption
        self.columns = columns
        self.rows = rows
    }
}

/// The formats `chaos export` writes.
public enum ExportFormat: String, Sendable, CaseIterable {
    /// RFC 4180, one table after another with a `# caption` line before each.
    case csv
    /// GitHub-flavoured Markdown pipe tables.
    case markdown
    /// LaTeX `table` + `tabular` environments, special characters escaped.
    case latex

    /// Renders tables in this format.
    public func render(_ tables: [ExportTable]) -> String {
        switch self {
        case .csv: return tables.map(Self.csv).joined(separator: "\n")
        case .markdown: return tables.map(Self.markdown).joined(separator: "\n")
        case .latex: return tables.map(Self.latex).joined(separator: "\n")
        }
    }

    static func csv(_ table: ExportTable) -> String {
        var lines = ["# " + table.caption, table.columns.map { CSVTable.field($0.name) }.joined(separator: ",")]
        lines += table.rows.map { $0.map(CSVTable.field).joined(separator: ",") }
        return lines.joined(separator: "\n") + "\n"
    }

    static func markdown(_ table: ExportTable) -> String {
        let escape = { (text: String) in text.replacingOccurrences(of: "|", with: "\\|").replacingOccurrences(of: "\n", with: " ") }
        let cells = [table.columns.map { escape($0.name) }] + table.rows.map { $0.map(escape) }
        let widths = table.columns.indices.map { column in cells.map { $0.indices.contains(column) ? $0[column].count : 0 }.max() ?? 3 }
        func line(_ row: [String]) -> String {
            "| " + table.columns.indices.map { column in
                let text = row.indices.contains(column) ? row[column] : ""
                let padding = String(repeating: " ", count: max(0, widths[column] - text.count))
                return table.columns[column].numeric ? padding + text : text + padding
            }.joined(separator: " | ") + " |"
        }
        let rule = "|" + table.columns.indices.map { column in
            let dashes = String(repeating: "-", count: max(3, widths[column]))
            return table.columns[column].numeric ? " " + dashes.dropLast() + ": " : " " + dashes + " "
        }.joined(separator: "|") + "|"
        return (["**\(escape(table.caption))**", "", line(cells[0]), rule] + cells.dropFirst().map(line)).joined(separator: "\n") + "\n"
    }

    static func latex(_ table: ExportTable) -> String {
        let cells = [table.columns.map { latexEscape($0.name) }] + table.rows.map { $0.map(latexEscape) }
        let widths = table.columns.indices.map { column in cells.map { $0.indices.contains(column) ? $0[column].count : 0 }.max() ?? 0 }
        func line(_ row: [String]) -> String {
            table.columns.indices.map { column in
                let text = row.indices.contains(column) ? row[column] : ""
                return text + String(repeating: " ", count: max(0, widths[column] - text.count))
            }.joined(separator: " & ") + " \\\\"
        }
        let spec = table.columns.map { $0.numeric ? "r" : "l" }.joined()
        var lines = ["\\begin{table}[htbp]", "  \\centering", "  \\caption{\(latexEscape(table.caption))}", "  \\begin{tabular}{\(spec)}", "    \\hline"]
        lines.append("    " + line(cells[0]))
        lines.append("    \\hline")
        lines += cells.dropFirst().map { "    " + line($0) }
        lines += ["    \\hline", "  \\end{tabular}", "\\end{table}"]
        return lines.joined(separator: "\n") + "\n"
    }

    /// Escapes LaTeX's special characters (`\ & % $ # _ { } ~ ^`, and `< >`, which OT1 fonts print as ¡ ¿) and spells out the few symbols the reports use
    /// that a default LaTeX setup lacks (`–`, `≤`, `±`, `×`, `✓`, `✗`).
    public static func latexEscape(_ text: String) -> String {
        var out = ""
        for character in text {
            switch character {
            case "\\": out += "\\textbackslash{}"
            case "&", "%", "$", "#", "_", "{", "}": out += "\\" + String(character)
            case "~": out += "\\textasciitilde{}"
            case "<": out += "\\textless{}"
            case ">": out += "\\textgreater{}"
            case "^": out += "\\textasciicircum{}"
            case "–": out += "--"
            case "≤": out += "$\\le$"
            case "≥": out += "$\\ge$"
            case "±": out += "$\\pm$"
            case "×": out += "$\\times$"
            case "✓": out += "yes"
            case "✗": out += "no"
            case "\n": out += " "
            default: out.append(character)
            }
        }
        return out
    }
}
