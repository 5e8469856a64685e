// A suite's summary.md and report.html: every run linked with its verdict and headline figures, then per
// scenario the statistics over repetitions (min / median / p95 / max, mean ± 95 % CI) with a strip plot.

import Foundation

/// Renders a suite's human-readable summaries.
public enum SuiteSummaryRenderer {
    /// summary.md.
    public static func markdown(_ record: SuiteRecord) -> String {
        var lines = ["# Suite \(record.suiteID)", ""]
        lines.append("- started: \(record.startedAt)" + (record.endedAt.map { ", ended: \($0)" } ?? " (not finished)"))
        lines.append("- scenarios: \(record.scenarioFiles.count), repetitions each: \(record.repeatCount)")
        lines.append("- verdict: \(headline(record))")
        lines.append("")
        lines.append("## Runs")
        lines.append("")
        lines.append("| scenario | # | run | verdict | rto.direct | rto.pgpool | rpo.lost | why |")
        lines.append("|---|---|---|---|---|---|---|---|")
        for entry in record.runs {
            let run = entry.runID.map { "[\($0)](../\($0)/summary.md)" } ?? "—"
            let why = (entry.brokenHypotheses.isEmpty ? entry.reason.map { [$0] } ?? [] : entry.brokenHypotheses)
                .joined(separator: "; ").replacingOccurrences(of: "|", with: "\\|")
            lines.append("| \(entry.scenario) | \(number(entry)) | \(run) | \(verdict(entry)) | \(figure(entry, "rto.direct")) | \(figure(entry, "rto.pgpool")) | \(figure(entry, "rpo.lost")) | \(why) |")
        }
        if !record.passedOnRetry.isEmpty {
            lines.append("")
            lines.append("## Passed only on a retry (flaky)")
            lines.append("")
            for (failed, passed) in record.passedOnRetry {
                let reasons = failed.map { "\($0.runID ?? "—"): \($0.verdict) — \(($0.brokenHypotheses.first ?? $0.reason ?? "").replacingOccurrences(of: "\n", with: " "))" }
                lines.append("- \(passed.scenario) #\(passed.iteration) passed on attempt \(passed.attempt ?? 1) (\(passed.runID ?? "—")); before: \(reasons.joined(separator: "; "))")
            }
        }
        for scenario in record.scenarios {
            lines.append("")
            lines.append("## \(scenario.scenario) — \(scenario.title)")
            lines.append("")
            lines.append("runs: " + scenario.verdicts.sorted { $0.key < $1.key }.map { "\($0.value) \($0.key)" }.joined(separator: ", "))
            guard !scenario.metrics.isEmpty else { continue }
            lines.append("")
            lines.append("| metric | measured | min | median | p95 | max | mean ± 95 % CI |")
            lines.append("|---|---|---|---|---|---|---|")
            for metric in scenario.metrics {
                let s = metric.statistics
                let f = { (value: Double) in SuiteMetrics.format(value, unit: metric.unit) }
                lines.append("| \(metric.metric) | \(metric.measured) of \(metric.runs) | \(f(s.min)) | \(f(s.median)) | \(f(s.p95)) | \(f(s.max)) | \(meanText(metric)) |")
            }
        }
        lines.append("")
        lines.append("Quantiles interpolate linearly between order statistics (type 7); the interval is mean ± t(0.975, n−1)·s/√n.")
        return lines.joined(separator: "\n") + "\n"
    }

    /// report.html: self-contained, no scripts, no network.
    public static func html(_ record: SuiteRecord) -> String {
        var body = "<h1>Suite \(Markup.escape(record.suiteID))</h1>\n"
        body += "<p>\(Markup.escape(headline(record))) · started \(Markup.escape(record.startedAt))"
        body += record.endedAt.map { " · ended \(Markup.escape($0))" } ?? " · <strong>not finished</strong>"
        body += " · \(record.repeatCount) repetition(s) per scenario</p>\n"
        body += "<h2>Runs</h2>\n<table><tr><th>scenario</th><th class=num>#</th><th>run</th><th>verdict</th>"
        body += "<th class=num>rto.direct</th><th class=num>rto.pgpool</th><th class=num>rpo.lost</th><th>why</th></tr>\n"
        for entry in record.runs {
            let run = entry.runID.map { "<a href=\"../\(Markup.escape($0))/report.html\">\(Markup.escape($0))</a>" } ?? "—"
            let why = entry.brokenHypotheses.isEmpty ? entry.reason ?? "" : entry.brokenHypotheses.joined(separator: "; ")
            body += "<tr><td>\(Markup.escape(entry.scenario))</td><td class=num>\(Markup.escape(number(entry)))</td><td class=mono>\(run)</td>"
            body += "<td class=\"\(entry.passed ? "held" : "broken")\">\(Markup.escape(verdict(entry)))</td>"
            for metric in ["rto.direct", "rto.pgpool", "rpo.lost"] { body += "<td class=num>\(figure(entry, metric))</td>" }
            body += "<td>\(Markup.escape(why))</td></tr>\n"
        }
        body += "</table>\n"
        for scenario in record.scenarios {
            body += "<h2>\(Markup.escape(scenario.scenario)) — \(Markup.escape(scenario.title))</h2>\n<p>"
            body += Markup.escape(scenario.verdicts.sorted { $0.key < $1.key }.map { "\($0.value) \($0.key)" }.joined(separator: ", ")) + "</p>\n"
            guard !scenario.metrics.isEmpty else { continue }
            body += "<table><tr><th>metric</th><th class=num>measured</th><th class=num>min</th><th class=num>median</th>"
            body += "<th class=num>p95</th><th class=num>max</th><th class=num>mean ± 95 % CI</th><th>runs</th></tr>\n"
            for metric in scenario.metrics {
                let s = metric.statistics
                let f = { (value: Double) in SuiteMetrics.format(value, unit: metric.unit) }
                let values = record.runs.filter { $0.scenario == scenario.scenario }.compactMap { $0.metrics[metric.metric] }
                body += "<tr><td class=mono>\(Markup.escape(metric.metric))</td><td class=num>\(metric.measured) of \(metric.runs)</td>"
                body += "<td class=num>\(f(s.min))</td><td class=num>\(f(s.median))</td><td class=num>\(f(s.p95))</td>"
                body += "<td class=num>\(f(s.max))</td><td class=num>\(Markup.escape(meanText(metric)))</td><td>\(stripPlot(values, statistics: s))</td></tr>\n"
            }
            body += "</table>\n"
        }
        body += "<p class=note>Quantiles interpolate linearly between order statistics (type 7); the interval is mean ± t(0.975, n−1)·s/√n. "
        body += "Figures per run are in each run's run.json; this page is rendered from suite.json.</p>\n"
        return """
            <!DOCTYPE html>
            <html lang="en"><head><meta charset="utf-8"><title>\(Markup.escape(record.suiteID))</title>
            <style>\(HTMLReportRenderer.styleSheet)</style></head>
            <body>
            \(body)</body></html>

            """
    }

    /// One dot per run on a line from the smallest to the largest value (the table beside it gives both), the
    /// median as a tick; all values equal sit in the middle.
    static func stripPlot(_ values: [Double], statistics: SampleStatistics) -> String {
        let width = 180.0, height = 16.0
        let span = statistics.max - statistics.min
        let x = { (value: Double) in span > 0 ? 6 + (width - 12) * (value - statistics.min) / span : width / 2 }
        var svg = "<svg class=strip width=\"\(Int(width))\" height=\"\(Int(height))\" viewBox=\"0 0 \(Int(width)) \(Int(height))\" role=img>"
        svg += "<title>one dot per run, from min to max; the tick is the median</title>"
        svg += "<line x1=\"4\" y1=\"8\" x2=\"\(Markup.coordinate(width - 4))\" y2=\"8\" stroke=\"#ccc\"/>"
        svg += "<line x1=\"\(Markup.coordinate(x(statistics.median)))\" y1=\"2\" x2=\"\(Markup.coordinate(x(statistics.median)))\" y2=\"14\" stroke=\"#222\"/>"
        for value in values {
            svg += "<circle cx=\"\(Markup.coordinate(x(value)))\" cy=\"8\" r=\"3\" fill=\"#1565c0\" fill-opacity=\"0.6\"/>"
        }
        return svg + "</svg>"
    }

    /// E.g. `PASSED — 18 of 18 runs passed (1 only on a retry; 19 attempts)`.
    public static func headline(_ record: SuiteRecord) -> String {
        let final = record.finalRuns
        var text = "\(record.passed ? "PASSED" : "FAILED") — \(final.filter(\.passed).count) of \(final.count) runs passed"
        if final.count != record.runs.count {
            let flaky = record.passedOnRetry.count
            text += " (\(flaky) only on a retry; \(record.runs.count) attempts)"
        }
        return text
    }

    /// The repetition, with the attempt when there was more than one: `2`, `2 (attempt 2)`.
    public static func number(_ entry: SuiteRunEntry) -> String {
        entry.attempt.map { "\(entry.iteration) (attempt \($0))" } ?? "\(entry.iteration)"
    }

    /// The verdict, marked when a retry followed it.
    public static func verdict(_ entry: SuiteRunEntry) -> String {
        entry.retried == true ? "\(entry.verdict), retried" : entry.verdict
    }

    private static func figure(_ entry: SuiteRunEntry, _ metric: String) -> String {
        guard let value = entry.metrics[metric] else { return "—" }
        return SuiteMetrics.format(value, unit: MetricCatalog.metric(named: metric)?.type == .duration ? "s" : "")
    }

    private static func meanText(_ metric: MetricStatistics) -> String {
        let mean = SuiteMetrics.format(metric.statistics.mean, unit: metric.unit)
        guard let half = metric.statistics.ci95HalfWidth else { return mean }
        return "\(mean) ± \(SuiteMetrics.format(half, unit: metric.unit))"
    }
}
