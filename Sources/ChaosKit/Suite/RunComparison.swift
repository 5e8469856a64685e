// `chaos compare RUN_DIR…`: runs side by side — setup (scenario, profile, seed, versions), verdict, headline
// figures and every hypothesis — read from each run's run.json.

import Foundation

/// A side-by-side table of runs: one column per run, one row per attribute.
public struct RunComparison: Sendable {
    /// Column headers (run ids).
    public var runIDs: [String]
    /// Rows: a label and one cell per run (`—` where a run has no value).
    public var rows: [(label: String, cells: [String])]

    /// Builds the comparison of `records`, in the order given.
    public init(_ records: [RunRecord]) {
        runIDs = records.map(\.runID)
        var rows: [(label: String, cells: [String])] = []
        rows.append(("scenario", records.map { URL(fileURLWithPath: $0.scenarioFile).deletingPathExtension().lastPathComponent }))
        rows.append(("verdict", records.map(\.verdict.rawValue)))
        rows.append(("started", records.map(\.startedAt)))
        rows.append(("profile", records.map(\.profile.summary)))
        rows.append(("seed", records.map { String($0.seed) }))
        rows.append(("chaos", records.map { $0.versions.chaos + ($0.versions.gitCommit.map { " (\($0.prefix(7)))" } ?? "") }))
        rows.append(("postgres", records.map { $0.versions.postgres ?? "—" }))
        rows.append(("patroni", records.map { $0.versions.patroni ?? "—" }))
        rows.append(("workload", records.map { "\($0.workload.rate)/s on \($0.workload.paths.map(\.rawValue).joined(separator: "+"))" }))
        let values = records.map { SuiteMetrics.values(of: $0) }
        for definition in SuiteMetrics.headline where values.contains(where: { $0[definition.name] != nil }) {
            let unit = definition.type == .duration ? "s" : ""
            rows.append((definition.name, values.map { $0[definition.name].map { SuiteMetrics.format($0, unit: unit) } ?? "—" }))
        }
        var expressions: [String] = []
        for record in records { for verdict in record.hypotheses where !expressions.contains(verdict.expression) { expressions.append(verdict.expression) } }
        for expression in expressions {
            rows.append((expression, records.map { record in
                guard let verdict = record.hypotheses.first(where: { $0.expression == expression }) else { return "—" }
                return "\(verdict.measured ?? "not measured") \(verdict.held ? "✓" : "✗")"
            }))
        }
        self.rows = rows
    }

    /// An aligned plain-text table.
    public func text() -> String {
        let header = ["", ] + runIDs
        let table = [header] + rows.map { [$0.label] + $0.cells }
        let widths = (0..<header.count).map { column in table.map { $0[column].count }.max() ?? 0 }
        return table.map { row in
            row.enumerated().map { column, cell in cell.padding(toLength: widths[column], withPad: " ", startingAt: 0) }
                .joined(separator: "  ").trimmingCharacters(in: .whitespaces)
        }.joined(separator: "\n") + "\n"
    }

    /// A Markdown table (for pasting into a thesis or an issue).
    public func markdown() -> String {
        var lines = ["| | " + runIDs.joined(separator: " | ") + " |", "|---|" + String(repeating: "---|", count: runIDs.count)]
        for row in rows {
            lines.append("| \(row.label) | " + row.cells.map { $0.replacingOccurrences(of: "|", with: "\\|") }.joined(separator: " | ") + " |")
        }
        return lines.joined(separator: "\n") + "\n"
    }

    /// Reads the run records to compare. A suite folder (holding suite.json) stands for the runs it lists.
    ///
    /// - Throws: ``ReportError`` naming the folder that is not a run or suite folder.
    public static func load(directories: [String]) throws -> [RunRecord] {
        try loadRuns(directories: directories).map(\.record)
    }

    /// Like ``load(directories:)``, with the folder each record was read from.
    public static func loadRuns(directories: [String]) throws -> [(record: RunRecord, directory: String)] {
        var records: [(record: RunRecord, directory: String)] = []
        for path in directories {
            let url = URL(fileURLWithPath: path, isDirectory: true)
            if FileManager.default.fileExists(atPath: url.appendingPathComponent("suite.json").path) {
                let suite = try SuiteDirectory(url: url).read()
                for runID in suite.runs.compactMap(\.runID) {
                    let run = url.deletingLastPathComponent().appendingPathComponent(runID)
                    records.append((try RunDirectory(url: run).readRecord(), run.path))
                }
            } else {
                records.append((try RunDirectory(url: url).readRecord(), url.path))
            }
        }
        return records
    }
}
