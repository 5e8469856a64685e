// How the bench's files print numbers and text: fixed decimals, ratios, memory, Markdown table cells.

import Foundation

/// Number and text formatting shared by results.csv, summary.md, report.html and the comparison.
enum BenchFormat {
    /// `value` with exactly `decimals` places (a `.` decimal point whatever the locale).
    static func fixed(_ value: Double, _ decimals: Int) -> String {
        String(format: "%.\(decimals)f", value)
    }

    /// TPS in a table: one decimal.
    static func tps(_ value: Double) -> String { fixed(value, 1) }

    /// Milliseconds in a table: two decimals.
    static func ms(_ value: Double) -> String { fixed(value, 2) }

    /// A ratio: `0.82×`; `—` when unknown.
    static func ratio(_ value: Double?) -> String {
        guard let value, value.isFinite else { return "—" }
        return fixed(value, 2) + "×"
    }

    /// The median TPS with its spread: `110.0 (100.0–120.0)`, or just the value for one repetition.
    static func tpsSpread(_ group: BenchAggregate.Group) -> String {
        group.repetitions > 1 ? "\(tps(group.medianTps)) (\(tps(group.minTps))–\(tps(group.maxTps)))" : tps(group.medianTps)
    }

    /// Bytes as GiB with one decimal: `7.8 GiB`.
    static func memory(_ bytes: UInt64) -> String {
        bytes == 0 ? "unknown" : fixed(Double(bytes) / 1_073_741_824, 1) + " GiB"
    }

    /// Load averages: `0.52, 0.40, 0.33`; `unknown` when none.
    static func loads(_ values: [Double]) -> String {
        values.isEmpty ? "unknown" : values.map { fixed($0, 2) }.joined(separator: ", ")
    }

    /// A chart tick: as few decimals as the step between ticks needs.
    static func tick(_ value: Double, step: Double) -> String {
        let decimals = step >= 1 ? 0 : min(Int((-log10(step) - 1e-9).rounded(.up)), 3)
        return fixed(value, decimals)
    }

    /// Escapes text for a Markdown table cell.
    static func md(_ text: String) -> String {
        text.replacingOccurrences(of: "|", with: "\\|").replacingOccurrences(of: "\r\n", with: " ").replacingOccurrences(of: "\n", with: " ")
    }

    /// Pads each column to its widest cell (left-aligned, or right-aligned for `rightAligned` columns), two spaces apart.
    static func columns(_ rows: [[String]], rightAligned: Set<Int> = []) -> [String] {
        let width = rows.map(\.count).max() ?? 0
        var widths = Array(repeating: 0, count: width)
        for row in rows {
            for (index, cell) in row.enumerated() { widths[index] = max(widths[index], cell.count) }
        }
        return rows.map { row in
            row.enumerated().map { index, cell in
                let padding = String(repeating: " ", count: widths[index] - cell.count)
                return rightAligned.contains(index) ? padding + cell : cell + padding
            }.joined(separator: "  ").trimmingTrailingSpaces()
        }
    }
}

extension String {
    /// The string without trailing spaces.
    fileprivate func trimmingTrailingSpaces() -> String {
        var text = self
        while text.last == " " { text.removeLast() }
        return text
    }
}
