// A study's summary.md and report.html: the question, the matrix, the runs by verdict, then per metric a table of
// cells (n, median with its interval and confidence, min–max, the prediction, how many runs fell inside it, the
// median's error) and its figures.

import Foundation

/// Renders a study's human-readable summaries.
public enum StudySummaryRenderer {
    /// summary.md.
    public static func markdown(_ record: StudyRecord, analysis: StudyAnalysis) -> String {
        let definition = record.definition
        var lines = ["# Study \(record.studyID): \(definition.title)", ""]
        if !definition.description.isEmpty { lines += [definition.description.trimmingCharacters(in: .whitespacesAndNewlines), ""] }
        lines.append("- started: \(record.startedAt)" + (record.endedAt.map { ", ended: \($0)" } ?? " (not finished: `chaos study --resume` continues it)"))
        lines.append("- scenarios: " + definition.scenarios.map { "`\($0)`" }.joined(separator: ", "))
        lines.append("- parameters: " + definition.parameters.map { "`\($0.name)` ∈ {\($0.values.joined(separator: ", "))}" }.joined(separator: "; "))
        lines.append("- \(definition.cells.count) cells × \(definition.scenarios.count) scenario(s) × \(definition.repetitions) repetition(s) = \(definition.runCount) runs, in a random order from seed \(record.seed)")
        lines.append("- runs so far: \(verdicts(record))")
        for metric in analysis.metrics {
            guard let groups = analysis.groups[metric], !groups.isEmpty else { continue }
            lines += ["", "## \(metric)", ""]
            let header = definition.parameters.map(\.name) + (definition.scenarios.count > 1 ? ["scenario"] : [])
                + ["n", "median", "interval of the median", "min – max", "predicted", "inside", "median's error"]
            lines.append("| " + header.joined(separator: " | ") + " |")
            lines.append("|" + header.map { _ in "---" }.joined(separator: "|") + "|")
            for group in groups { lines.append("| " + row(group, definition: definition).joined(separator: " | ") + " |") }
        }
        lines += ["", "The interval of the median is two order statistics of the runs (distribution-free); its confidence is exact for",
                  "its sample size and reaches 95 % only from 6 runs. \"inside\" counts runs within the predicted interval (docs/predictions.md);",
                  "the median's error is its distance outside it (0 inside). Every number comes from results.csv, one row per run and metric."]
        return lines.joined(separator: "\n") + "\n"
    }

    /// One table row of a group, as text cells.
    static func row(_ group: StudyGroup, definition: StudyDefinition) -> [String] {
        let f = { (value: Double) in StudyAnalysis.format(value, metric: group.metric) }
        var cells = definition.parameters.map { group.cell.values[$0.name] ?? "" }
        if definition.scenarios.count > 1 { cells.append(group.scenario) }
        cells.append(group.values.count == group.runs ? "\(group.runs)" : "\(group.values.count) of \(group.runs)")
        cells.append(group.median.map(f) ?? "—")
        cells.append(group.values.count < 2 ? "—" : group.interval.map { "\(f($0.low)) – \(f($0.high)) (\(Int(($0.confidence * 100).rounded())) %)" } ?? "—")
        cells.append(group.values.isEmpty ? "—" : "\(f(group.values.min()!)) – \(f(group.values.max()!))")
        cells.append(group.predicted.map { "\(f($0.low)) – \(f($0.high))" } ?? "—")
        cells.append(group.predicted == nil ? "—" : "\(group.inside) of \(group.values.count)")
        cells.append(group.medianError.map { $0 == 0 ? "0" : ($0 > 0 ? "+" : "") + f($0) } ?? "—")
        return cells
    }

    /// report.html: self-contained, no scripts, no network.
    public static func html(_ record: StudyRecord, analysis: StudyAnalysis, figures: [StudyFigure]) -> String {
        let definition = record.definition
        var body = ["<h1>\(Markup.escape(definition.title))</h1>"]
        body.append("<p class=mono>\(Markup.escape(record.studyID))</p>")
        if !definition.description.isEmpty { body.append("<p>\(Markup.inlineCode(definition.description))</p>") }
        body.append("<p>\(definition.cells.count) cells × \(definition.scenarios.count) scenario(s) × \(definition.repetitions) repetition(s) = \(definition.runCount) runs, random order from seed \(record.seed) · runs so far: \(Markup.escape(verdicts(record)))"
                    + (record.endedAt == nil ? " · <strong>not finished</strong>" : "") + "</p>")
        for metric in analysis.metrics {
            guard let groups = analysis.groups[metric], !groups.isEmpty else { continue }
            body.append("<h2>\(Markup.escape(metric))</h2>")
            for figure in figures where figure.fileName.hasPrefix(StudyFigures.safe(metric) + "-vs-") {
                body.append("<figure>\(figure.svg)<figcaption>\(Markup.escape(figure.caption)) <a href=\"figures/\(Markup.escape(figure.fileName))\">SVG</a></figcaption></figure>")
            }
            let header = definition.parameters.map(\.name) + (definition.scenarios.count > 1 ? ["scenario"] : [])
                + ["n", "median", "interval of the median", "min – max", "predicted", "inside", "median's error"]
            var table = "<table><tr>" + header.map { "<th>\(Markup.escape($0))</th>" }.joined() + "</tr>"
            for group in groups { table += "<tr>" + row(group, definition: definition).map { "<td>\(Markup.escape($0))</td>" }.joined() + "</tr>" }
            body.append(table + "</table>")
        }
        body.append("<h2>Runs</h2>")
        var runs = "<table><tr><th>#</th><th>cell</th><th>scenario</th><th>rep.</th><th>run</th><th>verdict</th><th>why</th></tr>"
        for (index, entry) in record.entries.enumerated() {
            let link = entry.runID.map { "<a href=\"runs/\(Markup.escape($0))/report.html\">\(Markup.escape($0))</a>" } ?? "—"
            runs += "<tr><td>\(index + 1)</td><td>\(Markup.escape(record.cell(entry.key.cell)?.label(definition.parameters) ?? ""))</td><td>\(Markup.escape(entry.scenario))</td>"
            runs += "<td>\(entry.key.repetition)</td><td class=mono>\(link)</td><td class=\"\(entry.verdict == "passed" ? "held" : "broken")\">\(Markup.escape(entry.verdict))\(entry.interrupted == true ? " (interrupted)" : "")</td><td>\(Markup.escape(entry.reason ?? ""))</td></tr>"
        }
        body.append(runs + "</table>")
        body.append("<p class=note>The interval of the median is two order statistics (distribution-free), with its exact confidence. Rendered from study.json; every number is in results.csv.</p>")
        return Markup.page(title: Markup.escape(record.studyID), styleSheet: HTMLReportRenderer.styleSheet, body: body)
    }

    /// `3 passed, 1 failed of 6`.
    public static func verdicts(_ record: StudyRecord) -> String {
        let counts = Dictionary(grouping: record.entries.filter { $0.interrupted != true }, by: \.verdict).mapValues(\.count)
        let text = counts.sorted { $0.key < $1.key }.map { "\($0.value) \($0.key)" }.joined(separator: ", ")
        return (text.isEmpty ? "none" : text) + " of \(record.order.count)"
    }
}
