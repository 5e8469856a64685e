// The report's tables: lost writes, what readers felt, RTO by layer (as bars), invariants and steps.

extension HTMLReportRenderer {
    static func dataLossSection(_ record: RunRecord, origin: Int64) -> String {
        var out = "<section id=\"data-loss\"><h2>Data loss (RPO)</h2>"
        guard let rpo = record.results?.rpo else {
            let why = ReportFormat.isPartial(record) ? "the run ended before the final read" : "the rows were not read back"
            return out + "<p class=\"note\" id=\"lost-writes-unknown\">Not measured: \(why).</p></section>"
        }
        if rpo.lost.isEmpty {
            out += "<p class=\"held\" id=\"no-lost-writes\">No acknowledged write was lost.</p>"
        } else {
            let window = rpo.lostWindow.map {
                " between \(ReportFormat.instant($0.startNs, origin: origin)) and \(ReportFormat.instant($0.endNs, origin: origin))"
            } ?? ""
            out += "<p class=\"broken\">\(rpo.lost.count) acknowledged write(s) lost\(window): \(Markup.escape(ReportFormat.seqRanges(rpo.lost.map(\.key)))).</p>"
            out += "<table id=\"lost-writes\"><tr><th>path</th><th class=\"num\">seq</th><th class=\"num\">start</th><th class=\"num\">acked at</th>"
                + "<th>node</th><th class=\"num\">timeline</th><th>lsn</th></tr>"
            for finding in rpo.lost.prefix(500) {
                out += "<tr class=\"lost-write\" data-path=\"\(finding.key.path.rawValue)\" data-seq=\"\(finding.key.seq)\">"
                    + "<td>\(finding.key.path.rawValue)</td><td class=\"num\">\(finding.key.seq)</td>"
                    + "<td class=\"num\">\(ReportFormat.instant(finding.startNs, origin: origin))</td><td class=\"num\">\(ReportFormat.instant(finding.endNs, origin: origin))</td>"
                    + "<td>\(Markup.escape(finding.node ?? "—"))</td><td class=\"num\">\(finding.timeline.map(String.init) ?? "—")</td>"
                    + "<td class=\"mono\">\(finding.lsn?.description ?? "—")</td></tr>"
            }
            if rpo.lost.count > 500 { out += "<tr><td colspan=\"7\" class=\"note\">… \(rpo.lost.count - 500) more in run.json</td></tr>" }
            out += "</table>"
        }
        let others: [(String, String)] = [
            ("ambiguous (failed, yet present)", rpo.ambiguous.isEmpty ? "0" : "\(rpo.ambiguous.count): " + ReportFormat.seqRanges(rpo.ambiguous.map(\.key), limit: 20)),
            ("duplicated", rpo.duplicated.isEmpty ? "0" : "\(rpo.duplicated.count): " + ReportFormat.seqRanges(rpo.duplicated.map(\.key), limit: 20)),
            ("unexpected rows", String(rpo.unexpected.count)),
            ("WAL bytes lost (lower bound)", rpo.walBytesLost.map(String.init) ?? "unknown"),
        ]
        out += "<table>" + others.map { "<tr><td>\($0.0)</td><td>\(Markup.escape($0.1))</td></tr>" }.joined() + "</table>"
        return out + "</section>"
    }

    static func readsSection(_ reads: ReadResults, origin: Int64) -> String {
        var out = "<section id=\"reads\"><h2>What readers felt</h2><table id=\"read-paths\"><tr>"
            + ReadsTable.header.enumerated().map { "<th\($0.offset == 0 || $0.offset == 7 ? "" : " class=\"num\"")>\(Markup.escape($0.element))</th>" }.joined() + "</tr>"
        for row in ReadsTable.rows(reads) {
            out += "<tr class=\"read-path\" data-path=\"\(Markup.escape(row[0]))\">"
                + row.enumerated().map { "<td\($0.offset == 0 || $0.offset == 7 ? "" : " class=\"num\"")>\(Markup.escape($0.element))</td>" }.joined() + "</tr>"
        }
        out += "</table><p class=\"note\">\(Markup.escape(ReadsTable.legend(reads)))</p>"
        let examples = ReadsTable.exampleLines(reads, origin: origin)
        if !examples.isEmpty {
            out += "<ul id=\"stale-reads\">" + examples.map { "<li class=\"stale-read\">\(Markup.escape($0))</li>" }.joined() + "</ul>"
        }
        return out + "</section>"
    }

    static func duringSection(_ during: ContinuousProbeResults, origin: Int64) -> String {
        var out = "<section id=\"during\"><h2>During the method</h2><table id=\"during-probes\"><tr>"
            + DuringTable.header.enumerated().map { "<th\([2, 3].contains($0.offset) ? " class=\"num\"" : "")>\(Markup.escape($0.element))</th>" }.joined() + "</tr>"
        for (row, probe) in zip(DuringTable.rows(during, origin: origin), during.probes) {
            out += "<tr class=\"during-probe\(probe.failures > 0 ? " failed" : "")\" data-probe=\"\(Markup.escape(row[0]))\">"
                + row.enumerated().map { "<td\([2, 3].contains($0.offset) ? " class=\"num\"" : "")>\(Markup.escape($0.element))</td>" }.joined() + "</tr>"
        }
        return out + "</table><p class=\"note\">\(Markup.escape(DuringTable.legend(during)))</p></section>"
    }

    static func layersSection(_ record: RunRecord) -> String {
        guard let results = record.results else { return "" }
        let layers = results.layers
        var rows = ReportFormat.layers(layers)
        if let rejoin = results.rejoinNs { rows.append(("old primary rejoined", rejoin)) }
        let longest = Double(rows.compactMap(\.ns).max() ?? 0)
        var out = "<section id=\"rto-layers\"><h2>RTO by layer</h2>"
        out += "<p class=\"figure-caption\">Time after the first fault until each layer reacted. Old primary: "
            + "\(Markup.escape(layers.oldPrimary ?? "unknown")) → new primary: \(Markup.escape(layers.newPrimary ?? "none seen")).</p>"
        let rowHeight = 22.0
        let labelWidth = 190.0
        let barWidth = 700.0
        let height = Double(rows.count) * rowHeight + 6
        out += "<svg class=\"chart\" id=\"layer-chart\" viewBox=\"0 0 1000 \(Int(height))\" role=\"img\" aria-label=\"RTO by layer\">"
        for (index, row) in rows.enumerated() {
            let y = Double(index) * rowHeight + 3
            out += "<text x=\"\(Int(labelWidth - 8))\" y=\"\(Markup.coordinate(y + 14))\" text-anchor=\"end\">\(Markup.escape(row.label))</text>"
            if let ns = row.ns, longest > 0 {
                let width = max(Double(ns) / longest * barWidth, 1)
                let cls = row.label.hasPrefix("first ack") ? "layer-bar ack" : "layer-bar"
                out += "<rect class=\"\(cls)\" x=\"\(Int(labelWidth))\" y=\"\(Markup.coordinate(y + 2))\" width=\"\(Markup.coordinate(width))\" height=\"\(Int(rowHeight - 6))\"/>"
                out += "<text x=\"\(Markup.coordinate(labelWidth + width + 6))\" y=\"\(Markup.coordinate(y + 14))\">\(ReportFormat.duration(ns))</text>"
            } else {
                out += "<text class=\"tick\" x=\"\(Int(labelWidth))\" y=\"\(Markup.coordinate(y + 14))\">not seen</text>"
            }
        }
        out += "</svg>"
        return out + "</section>"
    }

    static func invariantsSection(_ record: RunRecord) -> String {
        guard let results = record.results else { return "" }
        var out = "<section id=\"invariants\"><h2>Invariants</h2><table><tr><th>invariant</th><th>holds</th><th>evidence</th></tr>"
        for (name, verdict) in ReportFormat.invariants(results) {
            var evidence = verdict.violations.prefix(5).map(Markup.escape).joined(separator: "<br/>")
            if verdict.violationCount > 5 { evidence += "<br/>… \(verdict.violationCount) in all (run.json)" }
            if verdict.holds, let note = verdict.note { evidence = Markup.escape(note) }
            out += "<tr><td>\(name)</td><td class=\"\(verdict.holds ? "held" : "broken")\">\(ReportFormat.holds(verdict.holds))</td>"
                + "<td class=\"note\">\(evidence)</td></tr>"
        }
        let bank = results.bank.map { "<p class=\"note\">\(Markup.escape(ReportFormat.bankLine($0)))</p>" } ?? ""
        return out + "</table><p class=\"note\">Failovers (leader changes): \(results.failovers)</p>\(bank)</section>"
    }

    static func stepsSection(_ record: RunRecord, origin: Int64) -> String {
        var out = "<section id=\"steps\"><h2>Steps</h2>"
        guard !record.steps.isEmpty else { return out + "<p class=\"note\">No step was recorded.</p></section>" }
        out += "<table><tr><th class=\"num\">#</th><th>phase</th><th>step</th><th class=\"num\">start</th><th class=\"num\">end</th>"
            + "<th>outcome</th><th>detail</th></tr>"
        for (index, step) in record.steps.enumerated() {
            let cls = step.outcome == "ok" ? "held" : (step.outcome == "running" || step.outcome == "skipped" ? "note" : "broken")
            let detail = [step.detail, step.targets.map { "targets: " + $0.joined(separator: ", ") }].compactMap { $0 }.joined(separator: " · ")
            out += "<tr><td class=\"num\">\(index + 1)</td><td>\(Markup.escape(step.phase))</td>"
                + "<td><b>\(Markup.escape(step.name))</b> <span class=\"note\">\(Markup.escape(step.summary))</span></td>"
                + "<td class=\"num\">\(ReportFormat.instant(step.startNs, origin: origin))</td><td class=\"num\">\(ReportFormat.instant(step.endNs, origin: origin))</td>"
                + "<td class=\"\(cls)\">\(Markup.escape(step.outcome))</td><td class=\"note\">\(Markup.escape(detail))</td></tr>"
        }
        return out + "</table></section>"
    }
}
