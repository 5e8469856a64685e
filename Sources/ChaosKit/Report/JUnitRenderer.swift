// junit.xml: one testsuite per run, one testcase per hypothesis plus the steady state, so CI shows
// which hypothesis failed and by how much.

/// Renders junit.xml.
public enum JUnitRenderer {
    /// The JUnit XML of a run.
    public static func render(_ record: RunRecord) -> String {
        var cases: [String] = []
        var failures = 0
        var errors = 0
        var skipped = 0
        let classname = Markup.escape("chaos." + record.runID)

        let steadySteps = record.steps.filter { $0.phase.hasPrefix("steady_state") }
        let brokenSteady = steadySteps.filter { $0.outcome != "ok" && $0.outcome != "running" }
        var steady = "  <testcase classname=\"\(classname)\" name=\"steady state\" time=\"\(busy(steadySteps))\""
        if steadySteps.isEmpty {
            steady += "><skipped message=\"no steady-state probes ran\"/></testcase>"
            skipped += 1
        } else if brokenSteady.isEmpty {
            steady += "/>"
        } else {
            failures += 1
            let lines = brokenSteady.map { "\($0.phase) \($0.name): \($0.outcome)\($0.detail.map { " — \($0)" } ?? "")" }
            steady += ">\n    <failure message=\"\(Markup.escape(lines[0]))\">\(Markup.escape(lines.joined(separator: "\n")))</failure>\n  </testcase>"
        }
        cases.append(steady)

        for verdict in record.hypotheses {
            var line = "  <testcase classname=\"\(classname)\" name=\"\(Markup.escape(verdict.expression))\" time=\"0\""
            if verdict.held {
                line += "><system-out>\(Markup.escape(verdict.line))</system-out></testcase>"
            } else {
                failures += 1
                let body = verdict.line + (verdict.problem.map { "\n\($0)" } ?? "")
                line += ">\n    <failure message=\"\(Markup.escape(verdict.line))\">\(Markup.escape(body))</failure>\n  </testcase>"
            }
            cases.append(line)
        }

        if ReportFormat.isPartial(record) {
            errors += 1
            let notice = ReportFormat.partialNotice(record) ?? "partial run"
            cases.append(
                "  <testcase classname=\"\(classname)\" name=\"run completed\" time=\"0\">\n    <error message=\"\(Markup.escape(ReportFormat.verdict(record.verdict)))\">\(Markup.escape(notice))</error>\n  </testcase>"
            )
        }

        let total = seconds(record.steps)
        let suite =
            "<testsuite name=\"\(Markup.escape(record.runID))\" tests=\"\(cases.count)\" failures=\"\(failures)\" errors=\"\(errors)\" skipped=\"\(skipped)\" time=\"\(total)\" timestamp=\"\(Markup.escape(record.startedAt))\">"
        let properties = [
            ("scenario", record.scenarioFile), ("verdict", record.verdict.rawValue), ("chaos", record.versions.chaos),
            ("seed", String(record.seed)),
        ].map { "    <property name=\"\($0.0)\" value=\"\(Markup.escape($0.1))\"/>" }
        return (["<?xml version=\"1.0\" encoding=\"UTF-8\"?>", "<testsuites>", suite, "  <properties>"] + properties
            + ["  </properties>"] + cases + ["</testsuite>", "</testsuites>"]).joined(separator: "\n") + "\n"
    }

    /// The steps' own durations added up, in seconds.
    private static func busy(_ steps: [StepRecord]) -> String {
        let total = steps.reduce(Int64(0)) { $0 + max(($1.endNs ?? $1.startNs) - $1.startNs, 0) }
        return ReportFormat.seconds(Double(total) / 1e9, decimals: 3)
    }

    /// Wall time covered by steps, in seconds.
    private static func seconds(_ steps: [StepRecord]) -> String {
        guard let start = steps.map(\.startNs).min() else { return "0" }
        let end = steps.compactMap(\.endNs).max() ?? start
        return ReportFormat.seconds(Double(max(end - start, 0)) / 1e9, decimals: 3)
    }
}
