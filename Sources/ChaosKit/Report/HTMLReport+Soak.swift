// report.html of a soak: RTO per fault and path (episodes, min, median, p95, max, not recovered) with a histogram of
// the episodes' RTO beside each row, and the episodes with a finding.

import Foundation

extension HTMLReportRenderer {
    static func soakSection(_ soak: SoakRecord) -> String {
        func seconds(_ ns: Int64) -> String { String(format: "%.2f s", Double(ns) / 1e9) }
        var out = "<section id=\"soak\"><h2>Soak: RTO per fault</h2>"
        if !soak.isComplete {
            out += "<p class=\"note\">Partial: the runner stopped before the soak ended; these are the episodes it recorded.</p>"
        }
        out += "<p class=\"note\">Seed \(soak.schedule.seed), \(soak.episodes.filter { $0.faultStartNs != nil }.count) of "
            + "\(soak.episodes.count) faults run. Every fault is measured on its own (soak.md lists every episode).</p>"
        out += "<table><tr><th>fault</th><th>path</th><th class=\"num\">episodes</th><th class=\"num\">min</th><th class=\"num\">median</th>"
            + "<th class=\"num\">p95</th><th class=\"num\">max</th><th class=\"num\">not recovered</th><th>histogram</th></tr>"
        for row in soak.distributions {
            let recovered = row.recovered > 0
            let values = soak.episodes.filter { $0.episode.fault == row.fault }.compactMap { $0.paths.first { $0.path == row.path }?.rtoNs }
            out += "<tr><td>\(Markup.escape(row.fault))</td><td>\(row.path.rawValue)</td><td class=\"num\">\(row.recovered + row.notRecovered)</td>"
            for value in [row.minNs, row.medianNs, row.p95Ns, row.maxNs] { out += "<td class=\"num\">\(recovered ? seconds(value) : "—")</td>" }
            out += "<td class=\"num\">\(row.notRecovered)</td><td>\(histogram(SoakHistogram(values: values)))</td></tr>"
        }
        out += "</table>"
        let findings = soak.episodes.filter { $0.outcome != "ok" || $0.recovery != "ok" || ($0.bankViolations ?? 0) > 0 || $0.paths.contains { ($0.lost ?? 0) > 0 } }
        if findings.isEmpty {
            out += "<p class=\"note\">No anomaly: every fault ran, the cluster recovered within the bound each time, nothing acknowledged was lost.</p>"
        } else {
            out += "<p class=\"note\">Episodes with a finding (soak.md says what): "
                + findings.map { "#\($0.episode.number) \(Markup.escape($0.episode.fault)) " + String(format: "(%+.0f s)", Double($0.episode.startNs) / 1e9) }
                    .joined(separator: ", ") + ".</p>"
        }
        return out + "</section>"
    }

    /// A small bar chart: one bar per bin, its height the episodes in it; the range under it.
    private static func histogram(_ bins: SoakHistogram) -> String {
        guard let highest = bins.counts.max(), highest > 0 else { return "" }
        let (barWidth, height) = (8, 28)
        let width = bins.counts.count * barWidth
        var svg = "<svg class=\"histogram\" width=\"\(width)\" height=\"\(height + 12)\" viewBox=\"0 0 \(width) \(height + 12)\" role=\"img\">"
        for (index, count) in bins.counts.enumerated() where count > 0 {
            let barHeight = max(2, height * count / highest)
            let low = Double(bins.lowNs + Int64(index) * bins.widthNs) / 1e9
            svg += "<rect x=\"\(index * barWidth)\" y=\"\(height - barHeight)\" width=\"\(barWidth - 1)\" height=\"\(barHeight)\" fill=\"#4a78b5\">"
                + "<title>\(String(format: "%.0f–%.0f s", low, low + Double(bins.widthNs) / 1e9)): \(count)</title></rect>"
        }
        let first = Double(bins.lowNs) / 1e9
        let last = Double(bins.lowNs + Int64(bins.counts.count) * bins.widthNs) / 1e9
        svg += "<text x=\"0\" y=\"\(height + 11)\" font-size=\"9\">\(String(format: "%.0f", first))</text>"
        svg += "<text x=\"\(width)\" y=\"\(height + 11)\" font-size=\"9\" text-anchor=\"end\">\(String(format: "%.0f s", last))</text>"
        return svg + "</svg>"
    }
}
