// results.csv: one row per (run, metric) — study, cell, every parameter, scenario, iteration, run id, verdict,
// metric, value, unit, predicted low/high — so a study stacks with others and loads into R or pandas as is.

import Foundation

/// Renders a study's long, tidy table.
public enum StudyResultsCSV {
    /// The CSV text, header first; a run that measured nothing (could not start) has one row with no metric.
    public static func render(_ record: StudyRecord) -> String {
        let parameters = record.definition.parameters.map(\.name)
        var lines = [(["study", "cell"] + parameters + ["scenario", "iteration", "run_id", "verdict", "metric", "value", "unit", "predicted_low", "predicted_high"])
            .map(CSVTable.field).joined(separator: ",")]
        for entry in record.entries where entry.interrupted != true {
            let cell = record.cell(entry.key.cell)
            let head = [record.studyID, "\(entry.key.cell)"] + parameters.map { cell?.values[$0] ?? "" }
                + [entry.scenario, "\(entry.key.repetition)", entry.runID ?? "", entry.verdict]
            let measured = record.definition.recordedMetrics.filter { entry.metrics[$0] != nil }
            if measured.isEmpty {
                lines.append((head + ["", "", "", "", ""]).map(CSVTable.field).joined(separator: ","))
                continue
            }
            for metric in measured {
                let band = entry.predictions[metric]
                let unit = StudyAnalysis.isDuration(metric) ? "s" : "count"
                let row = head + [metric, number(entry.metrics[metric]), unit, number(band?.first), number(band?.last)]
                lines.append(row.map(CSVTable.field).joined(separator: ","))
            }
        }
        return lines.joined(separator: "\n") + "\n"
    }

    static func number(_ value: Double?) -> String {
        guard let value else { return "" }
        return value == value.rounded() && abs(value) < 1e15 ? String(Int64(value)) : String(format: "%.6f", value)
    }
}
