// The pgbench load's chart (`workload.pgbench`): transactions per second through the fault, with the
// pre-fault median and its 90 % line, and the p99 latency per second; fault windows shaded.

import Foundation

extension HTMLReportRenderer {
    static func throughputCharts(_ throughput: ThroughputResults, contents: RunContents, axis: TimeAxis) -> String {
        let load = throughput.load
        var out = "<h3 id=\"throughput\">Throughput: pgbench \(Markup.escape(load.mode.rawValue)), \(load.clients) clients via \(load.path.rawValue)</h3>"
        out += "<p class=\"path-figures\">pre-fault median <b>\(throughput.preFaultMedianTps.map { String(format: "%.0f tps", $0) } ?? "—")</b> · "
            + "recovery to 90 % <b>\(throughput.recoveryNs.map(ReportFormat.duration) ?? "not within the run")</b> · "
            + "p99 during the fault <b>\(throughput.faultP99Ns.map(ReportFormat.duration) ?? "—")</b> · pgbench started "
            + "<b>\(throughput.launches)</b>× · clients aborted <b>\(throughput.abortedClients)</b></p>"
        guard !throughput.seconds.isEmpty else { return out + "<p class=\"note\">pgbench logged no transaction.</p>" }
        let top = 8.0
        let bottom = 128.0
        let peak = Double(throughput.seconds.map(\.tps).max() ?? 1)
        let yMax = niceCeiling(max(peak, throughput.preFaultMedianTps ?? 0, 1))
        func y(_ value: Double) -> Double { bottom - value / yMax * (bottom - top) }
        out += "<p class=\"figure-caption\">pgbench transactions per second (1 s buckets, blue); dashed: the pre-fault median and 90 % of it. "
            + "Transactions of clients cut off mid-way are not counted (pgbench aborts those clients; chaos starts it again).</p>"
        var svg = "<svg class=\"chart throughput-load\" viewBox=\"0 0 \(Int(axis.width)) \(Int(bottom + 22))\" role=\"img\" aria-label=\"pgbench transactions per second\">"
        svg += axis.faultShading(contents.record.faults, top: top, bottom: bottom, runEndNs: endNs(axis), captions: true)
        svg += axis.grid(top: top, bottom: bottom)
        svg += yAxis(values: [0, yMax / 2, yMax], label: { String(Int($0)) }, y: y, axis: axis, unit: "/s")
        var area = "M\(Markup.coordinate(axis.x(seconds: Double(throughput.seconds[0].second)))) \(Markup.coordinate(bottom))"
        for second in throughput.seconds {
            let value = Markup.coordinate(y(Double(second.tps)))
            area += "L\(Markup.coordinate(axis.x(seconds: Double(second.second)))) \(value)L\(Markup.coordinate(axis.x(seconds: Double(second.second + 1)))) \(value)"
        }
        area += "L\(Markup.coordinate(axis.x(seconds: Double((throughput.seconds.last?.second ?? 0) + 1)))) \(Markup.coordinate(bottom))Z"
        svg += "<path class=\"acked\" d=\"\(area)\"/>"
        if let median = throughput.preFaultMedianTps {
            for (value, name) in [(median, "pre-fault median"), (median * ThroughputResults.threshold, "90 %")] {
                let position = Markup.coordinate(y(value))
                svg += "<line class=\"reference\" stroke-dasharray=\"4 3\" x1=\"\(Markup.coordinate(axis.left))\" x2=\"\(Markup.coordinate(axis.right))\" "
                    + "y1=\"\(position)\" y2=\"\(position)\"><title>\(name): \(Int(value.rounded())) tps</title></line>"
            }
        }
        svg += "<line class=\"axis\" x1=\"\(Markup.coordinate(axis.left))\" x2=\"\(Markup.coordinate(axis.right))\" y1=\"\(Markup.coordinate(bottom))\" y2=\"\(Markup.coordinate(bottom))\"/>"
        out += svg + "</svg>"
        out += latencyStrip(throughput, contents: contents, axis: axis)
        return out
    }

    /// p99 latency per second of the load, log scale.
    private static func latencyStrip(_ throughput: ThroughputResults, contents: RunContents, axis: TimeAxis) -> String {
        let values = throughput.seconds.map(\.p99Ms).filter { $0 > 0 }
        guard let lowest = values.min(), let highest = values.max() else { return "" }
        let top = 8.0
        let bottom = 88.0
        let low = log10(lowest).rounded(.down)
        let high = max(log10(highest).rounded(.up), low + 1)
        func y(_ ms: Double) -> Double { bottom - (log10(max(ms, pow(10, low))) - low) / (high - low) * (bottom - top) }
        var svg = "<p class=\"figure-caption\">pgbench p99 latency per second (log scale).</p>"
        svg += "<svg class=\"chart throughput-latency\" viewBox=\"0 0 \(Int(axis.width)) \(Int(bottom + 22))\" role=\"img\" aria-label=\"pgbench p99 latency per second\">"
        svg += axis.faultShading(contents.record.faults, top: top, bottom: bottom, runEndNs: endNs(axis))
        svg += axis.grid(top: top, bottom: bottom)
        svg += yAxis(values: stride(from: low, through: high, by: 1).map { pow(10, $0) },
                     label: { $0 >= 1000 ? "\(Int($0 / 1000))s" : ($0 >= 1 ? "\(Int($0))ms" : "\($0)ms") }, y: y, axis: axis, unit: "")
        var path = ""
        var previous: Int?
        for second in throughput.seconds {
            guard second.p99Ms > 0 else { previous = nil; continue }
            let x = axis.x(seconds: Double(second.second) + 0.5)
            path += (previous == second.second - 1 ? "L" : "M") + "\(Markup.coordinate(x)) \(Markup.coordinate(y(second.p99Ms)))"
            previous = second.second
        }
        svg += "<path class=\"pmax\" d=\"\(path)\"/>"
        return svg + "</svg>"
    }
}
