// The minutes of a game day (`gameday.md` in the run folder): who took part, the timeline of steps, faults,
// decisions and notes, expected against observed for each step with its mark, what clients felt, and the open
// questions (steps marked not as expected). Written from run.json and gameday.json only, so `chaos report`
// writes them again.

import Foundation

/// Renders a game day's minutes.
public enum GamedayMinutes {
    /// The minutes, as Markdown.
    public static func render(record: RunRecord, gameday: GamedayRecord) -> String {
        let origin = ReportFormat.origin(of: record)
        var out = ["# Game day minutes: \(cell(record.title))", ""]
        out += ["| | |", "|---|---|",
                "| Run | `\(record.runID)` |",
                "| Scenario | `\(cell(record.scenarioFile))` |",
                "| Started / ended (UTC) | \(record.startedAt) / \(record.endedAt ?? "—") |",
                "| Participants | \(gameday.operators.isEmpty ? "not given (`--operator NAME`)" : gameday.operators.map(cell).joined(separator: ", ")) |",
                "| Outcome | **\(record.verdict.rawValue.uppercased())**\(record.reason.map { " — \(cell($0))" } ?? "") |", ""]
        out += timeline(record, gameday, origin: origin)
        out += steps(record, gameday)
        out += measured(record)
        out += openQuestions(record, gameday)
        return out.joined(separator: "\n") + "\n"
    }

    private static func timeline(_ record: RunRecord, _ gameday: GamedayRecord, origin: Int64) -> [String] {
        var rows: [(Double, Int, String)] = []
        for step in record.steps where !step.phase.hasPrefix("steady") {
            rows.append((seconds(step.startNs, origin), 1, "step **\(cell(step.name))** (\(step.phase)): \(cell(step.summary)) → \(cell(step.outcome))"
                         + (step.detail.map { " — \(cell($0))" } ?? "")))
        }
        for fault in record.faults {
            rows.append((seconds(fault.startNs, origin), 0, "fault `\(fault.kind)` on \(fault.targets.joined(separator: ", ")) (step \(cell(fault.step)))"))
            if let end = fault.endNs, end != fault.startNs {
                rows.append((seconds(end, origin), 0, "healed `\(fault.kind)` (step \(cell(fault.step)))"))
            }
        }
        for entry in gameday.entries {
            let what: String
            switch entry.kind {
            case .decision: what = "decision: \(entry.text)"
            case .note: what = "note: \(cell(entry.text))"
            case .mark: what = "marked \(entry.expected == true ? "as expected" : "NOT as expected")" + (entry.text.isEmpty ? "" : ": \(cell(entry.text))")
            }
            rows.append((entry.seconds, 2, (entry.step.map { "[\(cell($0))] " } ?? "") + what + " (\(entry.wallClock))"))
        }
        var out = ["## Timeline", "", "Seconds since the method started (the run's clock).", "", "| t | what |", "|---:|---|"]
        out += rows.sorted { ($0.0, $0.1) < ($1.0, $1.1) }.map { "| \(String(format: "%+.2f", $0.0)) s | \($0.2) |" }
        return out + [""]
    }

    private static func steps(_ record: RunRecord, _ gameday: GamedayRecord) -> [String] {
        var out = ["## Expected and observed, step by step", "", "| step | expected | outcome | mark | comment |", "|---|---|---|---|---|"]
        for step in record.steps where step.phase == "method" {
            let mark = gameday.entries.last { $0.kind == .mark && $0.step == step.name }
            let markText = mark.map { $0.expected == true ? "as expected" : "**not as expected**" } ?? "unmarked"
            out.append("| \(cell(step.name)) | \(gameday.expectations[step.name].map(cell) ?? "—") | \(cell(step.outcome))\(step.detail.map { " — \(cell($0))" } ?? "") "
                       + "| \(markText) | \(mark.map { cell($0.text) } ?? "") |")
        }
        return out + [""]
    }

    private static func measured(_ record: RunRecord) -> [String] {
        var out = ["## What was measured", ""]
        guard let results = record.results else { return out + ["No measurement results (the run ended before its checks).", ""] }
        out += ["| path | RTO | downtime | acked | failed |", "|---|---:|---:|---:|---:|"]
        for path in results.paths {
            out.append("| \(path.path.rawValue) | \(path.recovered ? ReportFormat.duration(path.rtoNs) : "never recovered") | "
                       + "\(ReportFormat.duration(path.downtimeNs)) | \(path.acked) | \(path.failed) |")
        }
        out.append("")
        if let rpo = results.rpo {
            out.append("Acknowledged writes lost: **\(rpo.lost.count)**; ambiguous (failed, yet present): \(rpo.ambiguous.count); duplicated: \(rpo.duplicated.count).")
        } else {
            out.append("Acknowledged writes lost: not checked.")
        }
        let invariants = [("single writer", results.singleWriter), ("timeline monotonic", results.timelineMonotonic),
                          ("old primary rejoined", results.oldPrimaryRejoined), ("PgPool-II no write on a demoted node", results.pgpoolNoDemotedWrite)]
        out.append("Invariants: " + invariants.map { "\($0.0) \($0.1.holds ? "✓" : "✗")" }.joined(separator: ", ") + ". Failovers: \(results.failovers).")
        if !record.hypotheses.isEmpty {
            out += ["", "Hypotheses:"] + record.hypotheses.map { "- `\($0.line)`" }
        }
        return out + [""]
    }

    private static func openQuestions(_ record: RunRecord, _ gameday: GamedayRecord) -> [String] {
        let surprises = gameday.entries.filter { $0.kind == .mark && $0.expected == false }
        var out = ["## Open questions", ""]
        if surprises.isEmpty {
            let marked = gameday.entries.contains { $0.kind == .mark }
            out.append(marked ? "None: every step that was marked went as expected." : "None recorded: no step was marked.")
        } else {
            out += surprises.map { "- **\(cell($0.step ?? "?"))** did not go as expected" + ($0.text.isEmpty ? "." : ": \(cell($0.text))") }
        }
        let failed = record.hypotheses.filter { !$0.held }
        if !failed.isEmpty { out += [""] + failed.map { "- hypothesis `\($0.expression)` did not hold" } }
        return out + [""]
    }

    private static func seconds(_ ns: Int64, _ origin: Int64) -> Double { Double(ns - origin) / 1e9 }

    /// Text made safe for one Markdown table cell.
    private static func cell(_ text: String) -> String {
        GamedayText.sanitize(text).replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "|", with: "\\|")
    }
}
