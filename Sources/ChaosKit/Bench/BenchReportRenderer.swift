// report.html of a bench: one self-contained page (inline CSS and SVG, no script, no network) with the machine,
// the definition, per mode the TPS and latency charts and the results table, per-second strips, the errored
// cells and the notes.

/// Renders a bench's report.html.
public enum BenchReportRenderer {
    /// The HTML report of a bench (well-formed XHTML).
    public static func render(_ record: BenchRecord) -> String {
        let aggregate = BenchAggregate(record)
        let targets = chartTargets(record)
        var body: [String] = []
        body.append("<header><h1>\(Markup.escape(record.definition.title))</h1>\(factTable(BenchFacts.run(record), id: "bench"))</header>")
        if let interruption = BenchFacts.interruption(record) {
            body.append("<div class=\"partial-run\" id=\"interrupted\">⚠ \(Markup.escape(interruption))</div>")
        }
        body.append("<section id=\"machine\"><h2>Machine</h2>\(factTable(BenchFacts.machine(record.environment), id: nil))</section>")
        body.append(
            "<section id=\"definition\"><h2>Definition</h2>"
                + "\(factTable(BenchFacts.definition(record.definition, cores: record.environment.cores), id: nil))</section>")
        body.append(resultsSection(aggregate, record: record, targets: targets))
        body.append(stripsSection(record, targets: targets))
        body.append(errorsSection(record))
        if !record.notes.isEmpty {
            body.append("<section id=\"notes\"><h2>Notes</h2><ul>" + record.notes.map { "<li>\(Markup.escape($0))</li>" }.joined() + "</ul></section>")
        }
        body.append(
            "<footer>Rendered by chaos \(Markup.escape(ChaosVersion.current)) from bench.json "
                + "(bench <code>\(Markup.escape(record.benchID))</code>).</footer>")
        return Markup.page(
            title: "\(Markup.escape(record.definition.title)) — bench \(Markup.escape(record.benchID))", styleSheet: styleSheet, body: body)
    }

    /// The targets in chart order: the definition's, then any other that has a cell.
    static func chartTargets(_ record: BenchRecord) -> [BenchTarget] {
        var targets = record.definition.targets
        for target in BenchTarget.allCases where !targets.contains(target) && record.cells.contains(where: { $0.cell.target == target }) {
            targets.append(target)
        }
        return targets
    }

    private static func factTable(_ rows: [(label: String, value: String)], id: String?) -> String {
        "<table class=\"meta\"\(id.map { " id=\"\($0)\"" } ?? "")>"
            + rows.map { "<tr><td>\(Markup.escape($0.label))</td><td>\(Markup.escape($0.value))</td></tr>" }.joined() + "</table>"
    }

    private static func resultsSection(_ aggregate: BenchAggregate, record: BenchRecord, targets: [BenchTarget]) -> String {
        var out = "<section id=\"results\"><h2>Results</h2>"
        let modes = aggregate.reportedModes(in: record.definition)
        guard !modes.isEmpty else { return out + "<p class=\"note\">No cell produced a measurement.</p></section>" }
        let measuredTargets = targets.filter { target in aggregate.groups.contains { $0.target == target } }
        out += legend(measuredTargets)
        out += "<p class=\"note\">\(Markup.escape(BenchFacts.method))</p>"
        for mode in modes {
            let groups = aggregate.groups(mode: mode)
            out += "<h3 id=\"mode-\(Markup.escape(mode.rawValue))\">\(Markup.escape(mode.rawValue))</h3>"
            if !groups.isEmpty {
                out += "<p class=\"figure-caption\">Median TPS per client count (dots, hover for figures); whiskers: lowest to highest repetition.</p>"
                out += throughputChart(groups, mode: mode, targets: targets)
                out += "<p class=\"figure-caption\">Latency percentiles per client count, median over the repetitions; each panel has its own scale.</p>"
                out += latencyChart(groups, mode: mode, targets: targets)
            }
            out += resultsTable(BenchResultsTable(aggregate, mode: mode), mode: mode)
        }
        return out + "</section>"
    }

    private static func resultsTable(_ table: BenchResultsTable, mode: BenchMode) -> String {
        var out = ""
        if !table.rows.isEmpty {
            func cells(_ row: [String], tag: String) -> String {
                row.enumerated().map { index, text in
                    let numeric = BenchResultsTable.numericColumns.contains(index) ? " class=\"num\"" : ""
                    return "<\(tag)\(numeric)>\(Markup.escape(text))</\(tag)>"
                }.joined()
            }
            out += "<table class=\"results\" data-mode=\"\(Markup.escape(mode.rawValue))\"><tr>\(cells(BenchResultsTable.header, tag: "th"))</tr>"
            out += table.rows.map { "<tr>\(cells($0, tag: "td"))</tr>" }.joined() + "</table>"
        }
        if let sentence = table.unmeasuredSentence { out += "<p class=\"note\">\(Markup.escape(sentence))</p>" }
        return out
    }

    private static func legend(_ targets: [BenchTarget]) -> String {
        "<p class=\"legend\">" + targets.map { target in
            "<span><span class=\"swatch\" style=\"background:\(target.chartColour)\"></span>\(Markup.escape(target.rawValue))"
                + (target == .single ? " (dashed: the baseline)" : "") + "</span>"
        }.joined() + "</p>"
    }

    private static func stripsSection(_ record: BenchRecord, targets: [BenchTarget]) -> String {
        var out = "<section id=\"per-second\"><h2>Per-second throughput</h2>"
        out += "<p class=\"figure-caption\">Transactions completed in each second of the measured window (warm-up excluded), one row per target "
            + "on a shared scale; repetitions are overlaid (faint when there are several); red marks: seconds with failed transactions.</p>"
        var drawn = 0
        for mode in record.definition.modes {
            for clients in Array(Set(record.definition.clients)).sorted() {
                let results = record.cells.filter { $0.cell.mode == mode && $0.cell.clients == clients }
                guard let chart = stripChart(results, mode: mode, clients: clients, targets: targets, durationSeconds: record.definition.durationSeconds)
                else { continue }
                out += "<h3>\(Markup.escape(mode.rawValue)), \(clients) client\(clients == 1 ? "" : "s")</h3>" + chart
                drawn += 1
            }
        }
        if drawn == 0 { out += "<p class=\"note\">No cell recorded a per-second series.</p>" }
        return out + "</section>"
    }

    private static func errorsSection(_ record: BenchRecord) -> String {
        let errored = record.cells.filter { $0.measurement == nil || $0.error != nil }
        guard !errored.isEmpty else { return "" }
        var out = "<section id=\"errors\"><h2>Errored cells</h2><table class=\"errors\"><tr><th>cell</th><th>error</th></tr>"
        for result in errored {
            let what = result.measurement == nil ? "" : " (measured, with an error)"
            out += "<tr><td><code>\(Markup.escape(result.cell.label))</code>\(what)</td>"
                + "<td class=\"error\">\(Markup.escape(result.error ?? "no measurement and no error recorded"))</td></tr>"
        }
        return out + "</table></section>"
    }
}
