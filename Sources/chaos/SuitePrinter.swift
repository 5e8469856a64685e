// The closing table of a suite: one line per run, statistics per scenario when it ran more than once, and
// where the suite summary is.

import ChaosKit

enum SuitePrinter {
    static func render(_ suite: SuiteOutcome) -> String {
        let record = suite.record
        let final = record.finalRuns
        var headline = "suite: \(final.filter(\.passed).count) of \(final.count) runs passed"
        if final.count != record.runs.count { headline += " (\(record.passedOnRetry.count) only on a retry; \(record.runs.count) attempts)" }
        var lines = ["", headline]
        for entry in record.runs {
            let mark = entry.passed ? Colour.green.paint("✓") : entry.retried == true ? Colour.yellow.paint("↻") : Colour.red.paint("✗")
            let why = entry.brokenHypotheses.first ?? (entry.passed ? nil : entry.reason)
            let attempt = entry.attempt.map { " (attempt \($0))" } ?? ""
            let verdict = entry.retried == true ? "\(entry.verdict), retried" : entry.verdict
            lines.append("  \(mark) \(entry.scenario)\(record.repeatCount > 1 ? " #\(entry.iteration)" : "")\(attempt)  \(verdict)\(why.map { " — \($0)" } ?? "")")
        }
        if record.repeatCount > 1 {
            for scenario in record.scenarios {
                lines.append("  \(scenario.scenario):")
                for metric in scenario.metrics where metric.metric.hasPrefix("rto.") || metric.metric.hasPrefix("rpo.") {
                    let s = metric.statistics
                    let f = { (value: Double) in SuiteMetrics.format(value, unit: metric.unit) }
                    let interval = s.ci95HalfWidth.map { " ± \(f($0))" } ?? ""
                    lines.append("    \(metric.metric): min \(f(s.min)) · median \(f(s.median)) · p95 \(f(s.p95)) · max \(f(s.max)) · mean \(f(s.mean))\(interval) (n=\(metric.measured))")
                }
            }
        }
        lines.append("suite summary: \(suite.directory)/summary.md (and report.html, suite.json)")
        return lines.joined(separator: "\n")
    }
}
