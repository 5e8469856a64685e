// Soaks side by side (`chaos compare` on soak folders): for each fault and path, episodes and the median, p95 and
// max RTO of each soak, the first as the reference (the others' medians as ratios of its); then each soak's
// seed, length, verdict, anomalies and memory.

import Foundation

/// Several soaks compared with the first.
public struct SoakComparison: Sendable {
    /// The soaks, the reference first, with their verdicts.
    public var soaks: [(record: SoakRecord, verdict: String)]

    /// Compares soaks (at least one).
    public init(_ soaks: [(record: SoakRecord, verdict: String)]) { self.soaks = soaks }

    /// The fault and path pairs measured by any soak, in the order they first appear.
    var keys: [(fault: String, path: WritePath)] {
        var keys: [(String, WritePath)] = []
        for soak in soaks {
            for row in soak.record.distributions where !keys.contains(where: { $0.0 == row.fault && $0.1 == row.path }) {
                keys.append((row.fault, row.path))
            }
        }
        return keys
    }

    /// The table as rows of cells (a header first).
    public func table() -> [[String]] {
        func seconds(_ ns: Int64) -> String { String(format: "%.2f", Double(ns) / 1e9) }
        var header = ["fault", "path"]
        for (index, _) in soaks.enumerated() {
            let label = index == 0 ? "A" : String(UnicodeScalar(UInt8(65 + min(index, 25))))
            header += ["\(label) n", "\(label) median s", "\(label) p95 s", "\(label) max s"] + (index == 0 ? [] : ["\(label)/A median"])
        }
        var rows = [header]
        for (fault, path) in keys {
            var row = [fault, path.rawValue]
            let reference = soaks.first?.record.distributions.first { $0.fault == fault && $0.path == path }
            for (index, soak) in soaks.enumerated() {
                guard let found = soak.record.distributions.first(where: { $0.fault == fault && $0.path == path }) else {
                    row += ["0", "—", "—", "—"] + (index == 0 ? [] : ["—"])
                    continue
                }
                let recovered = found.recovered > 0
                row += ["\(found.recovered + found.notRecovered)", recovered ? seconds(found.medianNs) : "—", recovered ? seconds(found.p95Ns) : "—",
                        recovered ? seconds(found.maxNs) : "—"]
                if index > 0 {
                    let ratio = reference.flatMap { $0.recovered > 0 && $0.medianNs > 0 && recovered ? Double(found.medianNs) / Double($0.medianNs) : nil }
                    row.append(ratio.map { String(format: "%.2f", $0) } ?? "—")
                }
            }
            rows.append(row)
        }
        return rows
    }

    /// One line per soak: its label, run, seed, length, faults run, verdict, anomalies and the most memory.
    public func soakLines() -> [String] {
        soaks.enumerated().map { index, soak in
            let record = soak.record
            let label = String(UnicodeScalar(UInt8(65 + min(index, 25))))
            let run = record.episodes.filter { $0.faultStartNs != nil }.count
            let anomalies = record.episodes.filter {
                $0.outcome != "ok" || $0.recovery != "ok" || ($0.bankViolations ?? 0) > 0 || $0.paths.contains { ($0.lost ?? 0) > 0 || $0.rtoNs == nil }
            }.count
            let memory = (record.memory ?? []).dropLast().map(\.residentBytes).max().map { String(format: ", at most %.0f MB resident", Double($0) / 1_048_576) } ?? ""
            return "\(label): \(record.runID) — seed \(record.schedule.seed), \(ScenarioDuration(nanoseconds: record.schedule.durationNs)), "
                + "\(run) of \(record.episodes.count) faults, \(soak.verdict)\(record.isComplete ? "" : " (partial)"), \(anomalies) episodes with a finding\(memory)"
        }
    }

    /// Aligned text.
    public func text() -> String {
        let rows = table()
        let widths = (0..<(rows.first?.count ?? 0)).map { column in rows.map { $0[column].count }.max() ?? 0 }
        var out = soakLines().joined(separator: "\n") + "\n\n"
        for row in rows {
            out += row.enumerated().map { index, cell in
                index < 2 ? cell.padding(toLength: widths[index], withPad: " ", startingAt: 0)
                    : String(repeating: " ", count: widths[index] - cell.count) + cell
            }.joined(separator: "  ") + "\n"
        }
        return out
    }

    /// A Markdown table.
    public func markdown() -> String {
        let rows = table()
        guard let header = rows.first else { return "" }
        var out = soakLines().map { "- " + $0 }.joined(separator: "\n") + "\n\n"
        out += "| " + header.joined(separator: " | ") + " |\n|" + header.enumerated().map { $0.offset < 2 ? "---|" : "---:|" }.joined() + "\n"
        for row in rows.dropFirst() { out += "| " + row.joined(separator: " | ") + " |\n" }
        return out
    }
}
