// report.html: one self-contained page (inline CSS and SVG, no script, no network) in which a person sees
// what happened — verdict, hypotheses, what each path felt over time with the faults shaded, each node's
// role, RTO by layer, the lost writes and the steps.

/// Renders report.html.
public enum HTMLReportRenderer {
    /// The HTML report of a run.
    public static func render(_ contents: RunContents) -> String {
        let record = contents.record
        let axis = timeAxis(contents)
        var body: [String] = []
        body.append(header(record))
        if let notice = ReportFormat.partialNotice(record) {
            body.append("<div class=\"partial-run\" id=\"partial-run\">⚠ \(Markup.inlineCode(notice))</div>")
        } else if let reason = record.reason {
            body.append("<p class=\"reason\">\(Markup.escape(reason))</p>")
        }
        body.append(hypothesesSection(record))
        if let soak = contents.soak { body.append(soakSection(soak)) }
        body.append(timelineSection(contents, axis: axis))
        body.append(dataLossSection(record, origin: axis.originNs))
        if let reads = record.results?.reads { body.append(readsSection(reads, origin: axis.originNs)) }
        if let during = record.results?.during { body.append(duringSection(during, origin: axis.originNs)) }
        body.append(layersSection(record))
        body.append(invariantsSection(record))
        body.append(stepsSection(record, origin: axis.originNs))
        body.append(
            "<footer>Rendered by chaos \(Markup.escape(ChaosVersion.current)) from run.json, ops.csv and events.csv "
                + "(<code>chaos report runs/\(Markup.escape(record.runID))</code> re-renders it). Times are seconds since the method "
                + "started.</footer>")
        return Markup.page(
            title: "\(Markup.escape(record.title)) — \(Markup.escape(ReportFormat.verdict(record.verdict))) — \(Markup.escape(record.runID))",
            styleSheet: styleSheet, body: body)
    }

    /// The x axis shared by every chart: everything recorded, t = 0 at method start.
    static func timeAxis(_ contents: RunContents) -> TimeAxis {
        let record = contents.record
        let origin = ReportFormat.origin(of: record)
        var times: [Int64] = [origin]
        times += contents.ops.flatMap { [$0.startNs, $0.endNs] }
        times += record.steps.flatMap { [$0.startNs] + ($0.endNs.map { [$0] } ?? []) }
        times += record.faults.flatMap { [$0.startNs] + ($0.endNs.map { [$0] } ?? []) }
        if let end = record.methodEndNs { times.append(end) }
        // Events may start long before the writers (observer warm-up): include them only from the first op/step on.
        let floor = times.min() ?? origin
        times += contents.events.map(\.timeNs).filter { $0 >= floor }
        return TimeAxis(originNs: origin, startNs: times.min() ?? origin, endNs: times.max() ?? origin)
    }

    /// The end of everything recorded (ns), where open spans stop.
    static func endNs(_ axis: TimeAxis) -> Int64 { axis.originNs + Int64(axis.endSeconds * 1e9) }

    private static func header(_ record: RunRecord) -> String {
        let versions = record.versions
        let versionText = ["chaos \(versions.chaos)" + (versions.gitCommit.map { " (\($0))" } ?? ""), versions.postgres,
            versions.patroni, versions.etcd, versions.pgpool].compactMap { $0 }.joined(separator: " · ")
        let profile = record.profile
        var rows: [(String, String)] = [
            ("Run", "<code>\(Markup.escape(record.runID))</code>"),
            ("Scenario", "<code>\(Markup.escape(record.scenarioFile))</code>" + (record.tags.isEmpty ? "" : " — " + Markup.escape(record.tags.joined(separator: ", ")))),
            ("Started / ended (UTC)", Markup.escape("\(record.startedAt) / \(record.endedAt ?? "—")")),
            ("Profile", Markup.escape(profile.summary + (profile.failsafe ? "" : ", failsafe off"))),
            ("Workload", Markup.escape("\(record.workload.paths.map(\.rawValue).joined(separator: " + ")) at \(record.workload.rate) writes/s per path, op timeout \(ReportFormat.duration(record.workload.timeoutNs))")),
            ("Versions", Markup.escape(versionText)),
            ("Seed", String(record.seed)),
        ]
        if let variables = record.variables { rows.append(("Variables", Markup.escape(ReportFormat.variables(variables)))) }
        let table = rows.map { "<tr><td>\($0.0)</td><td>\($0.1)</td></tr>" }.joined()
        return """
            <header><div><h1>\(Markup.escape(record.title))</h1><table class="meta">\(table)</table></div>
            <div class="badge \(record.verdict.rawValue)" id="verdict">\(Markup.escape(ReportFormat.verdict(record.verdict)))</div></header>
            """
    }

    private static func hypothesesSection(_ record: RunRecord) -> String {
        var out = "<section id=\"hypotheses\"><h2>Hypotheses</h2>"
        if record.hypotheses.isEmpty {
            out += "<p class=\"note\">\(ReportFormat.isPartial(record) ? "Not evaluated (partial run)." : "None declared.")</p>"
        } else {
            out += "<table><tr><th>hypothesis</th><th>measured</th><th>verdict</th><th></th></tr>"
            for verdict in record.hypotheses {
                let cls = verdict.held ? "held" : "broken"
                out += "<tr><td><code>\(Markup.escape(verdict.line))</code></td><td class=\"num\">\(Markup.escape(verdict.measured ?? "—"))</td>"
                    + "<td class=\"\(cls)\">\(verdict.held ? "held ✓" : "failed ✗")</td><td class=\"note\">\(Markup.escape(verdict.problem ?? ""))</td></tr>"
            }
            out += "</table>"
        }
        return out + "</section>"
    }
}
