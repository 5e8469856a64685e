// The final verdict table of a run and where its artifacts are.

import ChaosKit
import Foundation

enum VerdictPrinter {
    static func render(_ outcome: RunOutcome) -> String {
        let record = outcome.record
        var lines: [String] = []
        for step in record.steps where step.phase == "method" || (step.phase == "recovery" && step.outcome != "ok") {
            let span = step.endNs.map { String(format: "%.2fs", Double($0 - step.startNs) / 1e9) } ?? "-"
            lines.append("  step \(step.name): \(step.outcome) (\(span))\(step.detail.map { " — \($0)" } ?? "")")
        }
        if let results = record.results {
            for path in results.paths {
                let rto = path.rtoNs.map { ScenarioDuration(nanoseconds: $0).description } ?? "not recovered"
                lines.append("  \(path.path.rawValue): RTO \(rto), downtime \(ScenarioDuration(nanoseconds: path.downtimeNs)), max gap \(ScenarioDuration(nanoseconds: path.maxGapNs)), \(path.acked) acked, \(path.failed) failed")
            }
            if let rpo = results.rpo {
                let seqs = rpo.lost.prefix(10).map { "\($0.key.path.rawValue)#\($0.key.seq)" }.joined(separator: ", ")
                lines.append("  RPO: \(rpo.lost.count) lost\(seqs.isEmpty ? "" : " (\(seqs)\(rpo.lost.count > 10 ? ", …" : ""))"), \(rpo.ambiguous.count) ambiguous, \(rpo.duplicated.count) duplicated")
            }
        }
        if !record.hypotheses.isEmpty {
            lines.append("  hypotheses:")
            lines += record.hypotheses.map { "    \($0.line)" }
        }
        let verdict: String
        switch record.verdict {
        case .passed: verdict = "PASSED"
        case .failed: verdict = "FAILED"
        case .aborted: verdict = "ABORTED"
        case .running: verdict = "INCOMPLETE"
        }
        lines.append("  verdict: \(verdict)\(record.reason.map { " — \($0)" } ?? "")")
        lines.append("  artifacts: \(outcome.directory)/")
        return lines.joined(separator: "\n")
    }
}
