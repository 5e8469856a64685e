// The final verdict table of a run and where its artifacts are.

import ChaosKit
import Foundation

enum VerdictPrinter {
    /// The whole table, or with `brief` (`--quiet`) only the verdict and the artifacts folder.
    static func render(_ outcome: RunOutcome, brief: Bool = false) -> String {
        let record = outcome.record
        if brief { return [verdictLine(record), "  artifacts: \(outcome.directory)/"].joined(separator: "\n") }
        var lines: [String] = []
        for step in record.steps where step.phase == "method" || (step.phase == "recovery" && step.outcome != "ok") {
            let span = step.endNs.map { String(format: "%.2fs", Double($0 - step.startNs) / 1e9) } ?? "-"
            lines.append("  step \(step.name): \(step.outcome) (\(span))\(step.detail.map { " — \($0)" } ?? "")")
        }
        if let results = record.results {
            for path in results.paths {
                let resolution = path.rtoResolutionNs.map { " (±\(ScenarioDuration(nanoseconds: $0)))" } ?? ""
                let rto = path.rtoNs.map { ScenarioDuration(nanoseconds: $0).description + resolution } ?? "not recovered"
                lines.append("  \(path.path.rawValue): RTO \(rto), downtime \(ScenarioDuration(nanoseconds: path.downtimeNs)), max gap \(ScenarioDuration(nanoseconds: path.maxGapNs)), \(path.acked) acked, \(path.failed) failed")
                lines += ReportFormat.outageLines(path, origin: ReportFormat.origin(of: record)).filter { $0.hasPrefix("after recovery") }.map { "    \($0)" }
            }
            if let during = results.during {
                lines += DuringTable.terminalLines(during, origin: ReportFormat.origin(of: record)).map { "  during, \($0)" }
            }
            if let rpo = results.rpo {
                let seqs = rpo.lost.prefix(10).map { "\($0.key.path.rawValue)#\($0.key.seq)" }.joined(separator: ", ")
                lines.append("  RPO: \(rpo.lost.count) lost\(seqs.isEmpty ? "" : " (\(seqs)\(rpo.lost.count > 10 ? ", …" : ""))"), \(rpo.ambiguous.count) ambiguous, \(rpo.duplicated.count) duplicated")
            }
        }
        if !record.hypotheses.isEmpty {
            lines.append("  hypotheses:")
            lines += record.hypotheses.map { "    " + ($0.held ? Colour.green : Colour.red).paint($0.line) }
        }
        lines.append(verdictLine(record))
        lines.append("  artifacts: \(outcome.directory)/")
        return lines.joined(separator: "\n")
    }

    /// `  verdict: PASSED`, coloured on a terminal, with the reason when there is one.
    static func verdictLine(_ record: RunRecord) -> String {
        let verdict: String
        switch record.verdict {
        case .passed: verdict = Colour.green.paint("PASSED")
        case .failed: verdict = Colour.red.paint("FAILED")
        case .aborted: verdict = Colour.yellow.paint("ABORTED")
        case .running: verdict = Colour.yellow.paint("INCOMPLETE")
        }
        return "  verdict: \(verdict)\(record.reason.map { " — \($0)" } ?? "")"
    }
}
