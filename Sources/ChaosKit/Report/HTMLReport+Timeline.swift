// The report's timeline section and its first chart: a lane per node showing its role over time (plus the
// leader key, PgPool's primary and each etcd member), on the x axis the path charts share.

import Foundation

extension HTMLReportRenderer {
    static func timelineSection(_ contents: RunContents, axis: TimeAxis) -> String {
        let record = contents.record
        var out = "<section id=\"timeline\"><h2>Timeline</h2>"
        out += "<p class=\"figure-caption\">x: seconds since the method started (dashed line = t 0). "
            + "Shaded: fault in effect (hover for step and targets).</p>"
        out += clusterChart(contents, axis: axis)
        out += lagChart(contents, axis: axis)
        for path in record.workload.paths.isEmpty ? WritePath.allCases : record.workload.paths {
            out += pathCharts(path: path, contents: contents, axis: axis)
        }
        if let throughput = record.results?.throughput { out += throughputCharts(throughput, contents: contents, axis: axis) }
        return out + "</section>"
    }

    private static func clusterChart(_ contents: RunContents, axis: TimeAxis) -> String {
        let record = contents.record
        let end = endNs(axis)
        var names: [String: String] = [:]
        for node in record.inventory?.nodes ?? [] {
            names[node.address] = node.name
            if let port = node.ports["postgres"] { names["\(node.address):\(port)"] = node.name }
        }
        let lanes = NodeLanes.nodeLanes(contents.events, endNs: end)
            + [NodeLanes.leaderKeyLane(contents.events, endNs: end), NodeLanes.pgpoolLane(contents.events, endNs: end, names: names)]
            .compactMap { $0 }
            + NodeLanes.etcdLanes(contents.events, endNs: end, names: names)
        let laneHeight = 22.0
        let gap = 6.0
        let stepsTop = 2.0
        let top = 36.0
        let bottom = top + Double(lanes.count) * (laneHeight + gap)
        let height = bottom + 22
        var svg = "<h3>Cluster: role of each node</h3>"
        svg += "<p class=\"figure-caption\">PostgreSQL nodes (Patroni role and state), the holder of Patroni's leader key in "
            + "etcd, the primary PgPool-II routes writes to, and each etcd member.</p>"
        if lanes.isEmpty { return svg + "<p class=\"note\">The observer recorded no events.</p>" + (contents.gameday.map(gamedayList) ?? "") }
        svg += "<svg class=\"chart\" id=\"cluster-lanes\" viewBox=\"0 0 \(Int(axis.width)) \(Int(height))\" role=\"img\" "
            + "aria-label=\"Role of each node over time\">"
        svg += axis.faultShading(record.faults, top: top - 4, bottom: bottom, runEndNs: end)
        svg += axis.grid(top: top - 4, bottom: bottom)
        svg += stepMarks(record, axis: axis, top: stepsTop)
        if let gameday = contents.gameday { svg += gamedayMarks(gameday, record: record, axis: axis, top: top - 4, bottom: bottom) }
        for (index, lane) in lanes.enumerated() {
            let y = top + Double(index) * (laneHeight + gap)
            let cls = lane.kind == "node" ? "node-lane" : "\(lane.kind)-lane"
            svg += "<g class=\"\(cls)\" data-node=\"\(Markup.escape(lane.name))\">"
            svg += "<text class=\"lane-label\" x=\"\(Markup.coordinate(axis.left - 6))\" y=\"\(Markup.coordinate(y + 15))\" text-anchor=\"end\">"
                + "\(Markup.escape(lane.name))</text>"
            for span in lane.spans {
                let x1 = axis.x(ns: span.startNs)
                let x2 = axis.x(ns: span.endNs)
                guard x2 > x1 else { continue }
                let title = "\(lane.name): \(span.label) from \(ReportFormat.instant(span.startNs, origin: axis.originNs)) "
                    + "to \(ReportFormat.instant(span.endNs, origin: axis.originNs))"
                svg += "<rect class=\"role-\(span.category.rawValue)\" data-role=\"\(Markup.escape(span.label))\" x=\"\(Markup.coordinate(x1))\" "
                    + "y=\"\(Markup.coordinate(y))\" width=\"\(Markup.coordinate(x2 - x1))\" height=\"\(Int(laneHeight))\">"
                    + "<title>\(Markup.escape(title))</title></rect>"
                if x2 - x1 > Double(span.label.count) * 6 + 6 {
                    let dark = span.category == .unknown || span.category == .none || span.category == .up
                    svg += "<text class=\"span-label\(dark ? " dark" : "")\" x=\"\(Markup.coordinate(x1 + 4))\" y=\"\(Markup.coordinate(y + 15))\">"
                        + "\(Markup.escape(span.label))</text>"
                }
            }
            svg += "</g>"
        }
        svg += "</svg>"
        let legend: [(String, String)] = [
            ("role-primary", "primary / key holder"), ("role-replica", "replica"), ("role-transition", "starting, stopped or other state"),
            ("role-unreachable", "unreachable"), ("role-none", "no leader key / no primary"), ("role-up", "etcd member up"),
        ]
        svg += "<div class=\"legend\">" + legend.map { "<span><svg width=\"12\" height=\"12\"><rect class=\"\($0.0)\" width=\"12\" height=\"12\"/></svg> \($0.1)</span>" }.joined()
            + "<span>▼ method step (hover for name)</span>"
            + (contents.gameday == nil ? "" : "<span>│ game day: note, decision, mark (hover for the text; red: not as expected)</span>") + "</div>"
        if let gameday = contents.gameday { svg += gamedayList(gameday) }
        return svg
    }

    /// A game day's notes, decisions and marks as vertical markers across the lanes, each with its text on hover.
    private static func gamedayMarks(_ gameday: GamedayRecord, record: RunRecord, axis: TimeAxis, top: Double, bottom: Double) -> String {
        let start = record.methodStartNs ?? axis.originNs
        return gameday.entries.map { entry in
            let x = axis.x(ns: start + Int64(entry.seconds * 1e9))
            let kind = entry.kind == .mark ? (entry.expected == true ? "mark-expected" : "mark-unexpected") : entry.kind.rawValue
            return "<line class=\"gameday-\(kind)\" data-kind=\"\(kind)\" x1=\"\(Markup.coordinate(x))\" x2=\"\(Markup.coordinate(x))\" "
                + "y1=\"\(Markup.coordinate(top))\" y2=\"\(Markup.coordinate(bottom))\"><title>\(Markup.escape(gamedayLine(entry)))</title></line>"
        }.joined()
    }

    /// The same entries as a list under the chart.
    private static func gamedayList(_ gameday: GamedayRecord) -> String {
        guard !gameday.entries.isEmpty else { return "" }
        return "<h3>Game day: notes, decisions and marks</h3><ul class=\"gameday-entries\">"
            + gameday.entries.map { "<li>\(Markup.escape(gamedayLine($0)))</li>" }.joined() + "</ul>"
    }

    private static func gamedayLine(_ entry: GamedayEntry) -> String {
        GamedayText.entryLines([entry]).first ?? ""
    }

    /// Small triangles at the start of each method step, above the lanes, with the step's name on one of two
    /// label rows (the first with room), so that neighbouring steps stay readable.
    private static func stepMarks(_ record: RunRecord, axis: TimeAxis, top: Double) -> String {
        var out = ""
        var rowEnds = [-Double.infinity, -Double.infinity]
        for step in record.steps where step.phase == "method" {
            let x = axis.x(ns: step.startNs)
            let title = "\(step.name): \(step.summary) at \(ReportFormat.instant(step.startNs, origin: axis.originNs)) — \(step.outcome)"
            out += "<path class=\"step-mark\" d=\"M\(Markup.coordinate(x - 4)) \(Markup.coordinate(top + 22))h8l-4 6z\"><title>\(Markup.escape(title))</title></path>"
            let width = Double(step.name.count) * 5.8
            guard x + width < axis.width, let row = rowEnds.firstIndex(where: { $0 < x - 2 }) else { continue }
            let y = top + (row == 0 ? 20 : 8)
            out += "<text class=\"step-label\" x=\"\(Markup.coordinate(x + 2))\" y=\"\(Markup.coordinate(y))\">\(Markup.escape(step.name))</text>"
            rowEnds[row] = x + 2 + width + 6
        }
        return out
    }
}
