// The per-path charts of the timeline: acks/s and failed/s (1 s buckets) with runs of failed ops and lost
// writes marked, and latency (median and max per second, log scale), fault windows shaded.

import Foundation

extension HTMLReportRenderer {
    static func pathCharts(path: WritePath, contents: RunContents, axis: TimeAxis) -> String {
        let series = PathSeries(path: path, ops: contents.ops, originNs: axis.originNs)
        var out = "<h3 id=\"path-\(path.rawValue)\">Path: \(path.rawValue)</h3>"
        if let availability = contents.record.results?.availability(of: path) {
            let rto = availability.recovered ? ReportFormat.duration(availability.rtoNs) : "never recovered"
            let resolution = availability.rtoResolutionNs.map { " <span class=\"note\">(resolution \(ReportFormat.duration($0)))</span>" } ?? ""
            out += "<p class=\"path-figures\">RTO <b>\(rto)</b>\(resolution) · downtime <b>\(ReportFormat.duration(availability.downtimeNs))</b> · "
                + "max gap <b>\(ReportFormat.duration(availability.maxGapNs))</b> · acked <b>\(availability.acked)</b> · "
                + "failed <b>\(availability.failed)</b> · outages after recovery <b>\(availability.outagesAfterRecovery.count)</b></p>"
            let lines = ReportFormat.outageLines(availability, origin: axis.originNs)
            if !lines.isEmpty {
                out += "<ul class=\"outages\">" + lines.map { "<li>\(Markup.escape($0))</li>" }.joined() + "</ul>"
            }
        }
        if series.buckets.isEmpty { return out + "<p class=\"note\">No ops recorded on this path (ops.csv missing or empty).</p>" }
        let lost = contents.record.results?.rpo?.lost.filter { $0.key.path == path } ?? []
        out += throughputChart(series, lost: lost, contents: contents, axis: axis)
        out += latencyChart(series, contents: contents, axis: axis)
        return out
    }

    private static func throughputChart(_ series: PathSeries, lost: [WriteFinding], contents: RunContents, axis: TimeAxis) -> String {
        let top = 8.0
        let bottom = 128.0
        let stripTop = 134.0
        let stripHeight = 10.0
        let lostTop = stripTop + stripHeight + 4
        let stripsBottom = lost.isEmpty ? stripTop + stripHeight : lostTop + stripHeight
        let height = stripsBottom + 22
        let peak = series.buckets.map { max($0.acked, $0.failed) }.max() ?? 1
        let yMax = niceCeiling(Double(max(peak, contents.record.workload.rate, 1)))
        func y(_ value: Double) -> Double { bottom - value / yMax * (bottom - top) }
        var svg = "<p class=\"figure-caption\">Writes per second (1 s buckets): acknowledged (blue), failed (red line); "
            + "red bars: runs of failed ops; purple diamonds: acknowledged writes later found lost (hover for seqs).</p>"
        svg += "<svg class=\"chart throughput\" data-path=\"\(series.path.rawValue)\" viewBox=\"0 0 \(Int(axis.width)) \(Int(height))\" role=\"img\" "
            + "aria-label=\"\(series.path.rawValue) writes per second\">"
        svg += axis.faultShading(contents.record.faults, top: top, bottom: stripsBottom, runEndNs: endNs(axis), captions: true)
        svg += axis.grid(top: top, bottom: stripsBottom)
        svg += yAxis(values: [0, yMax / 2, yMax], label: { String(Int($0)) }, y: y, axis: axis, unit: "/s")
        // Acked: a step area.
        var area = "M\(Markup.coordinate(axis.x(seconds: Double(series.buckets[0].second)))) \(Markup.coordinate(bottom))"
        for bucket in series.buckets {
            let x1 = axis.x(seconds: Double(bucket.second))
            let x2 = axis.x(seconds: Double(bucket.second + 1))
            area += "L\(Markup.coordinate(x1)) \(Markup.coordinate(y(Double(bucket.acked))))L\(Markup.coordinate(x2)) \(Markup.coordinate(y(Double(bucket.acked))))"
        }
        area += "L\(Markup.coordinate(axis.x(seconds: Double((series.buckets.last?.second ?? 0) + 1)))) \(Markup.coordinate(bottom))Z"
        svg += "<path class=\"acked\" d=\"\(area)\"/>"
        if series.buckets.contains(where: { $0.failed > 0 }) {
            var line = ""
            for bucket in series.buckets {
                let x1 = axis.x(seconds: Double(bucket.second))
                let x2 = axis.x(seconds: Double(bucket.second + 1))
                let value = Markup.coordinate(y(Double(bucket.failed)))
                line += (line.isEmpty ? "M" : "L") + "\(Markup.coordinate(x1)) \(value)L\(Markup.coordinate(x2)) \(value)"
            }
            svg += "<path class=\"failed-rate\" d=\"\(line)\"/>"
        }
        svg += "<line class=\"axis\" x1=\"\(Markup.coordinate(axis.left))\" x2=\"\(Markup.coordinate(axis.right))\" y1=\"\(Markup.coordinate(bottom))\" y2=\"\(Markup.coordinate(bottom))\"/>"
        svg += "<text class=\"tick\" x=\"\(Markup.coordinate(axis.left - 6))\" y=\"\(Markup.coordinate(stripTop + 9))\" text-anchor=\"end\">failed</text>"
        for run in series.failureRuns {
            let x1 = axis.x(ns: run.startNs)
            let x2 = max(axis.x(ns: run.endNs), x1 + 1.5)
            let seqs = run.firstSeq == run.lastSeq ? "seq \(run.firstSeq)" : "seq \(run.firstSeq)–\(run.lastSeq)"
            let title = "\(series.path.rawValue) \(seqs) failed (\(run.outcomes)) \(ReportFormat.instant(run.startNs, origin: axis.originNs))"
                + " … \(ReportFormat.instant(run.endNs, origin: axis.originNs))" + (run.message.map { ": \($0)" } ?? "")
            svg += "<rect class=\"failed-op\" data-first-seq=\"\(run.firstSeq)\" data-last-seq=\"\(run.lastSeq)\" x=\"\(Markup.coordinate(x1))\" "
                + "y=\"\(Markup.coordinate(stripTop))\" width=\"\(Markup.coordinate(x2 - x1))\" height=\"\(Int(stripHeight))\">"
                + "<title>\(Markup.escape(title))</title></rect>"
        }
        if !lost.isEmpty {
            svg += "<text class=\"tick\" x=\"\(Markup.coordinate(axis.left - 6))\" y=\"\(Markup.coordinate(lostTop + 9))\" text-anchor=\"end\">lost</text>"
        }
        for finding in lost {
            let x = axis.x(ns: finding.endNs)
            svg += "<path class=\"lost-write\" data-seq=\"\(finding.key.seq)\" d=\"M\(Markup.coordinate(x)) \(Markup.coordinate(lostTop))l5 5l-5 5l-5 -5z\">"
                + "<title>lost: \(series.path.rawValue) seq \(finding.key.seq) acked at \(ReportFormat.instant(finding.endNs, origin: axis.originNs))</title></path>"
        }
        return svg + "</svg>"
    }

    private static func latencyChart(_ series: PathSeries, contents: RunContents, axis: TimeAxis) -> String {
        let values = series.buckets.flatMap { [$0.p50Ms, $0.maxMs].compactMap { $0 } }.filter { $0 > 0 }
        guard let lowest = values.min(), let highest = values.max() else { return "" }
        let top = 8.0
        let bottom = 108.0
        let height = 130.0
        let low = (log10(lowest)).rounded(.down)
        let high = max((log10(highest)).rounded(.up), low + 1)
        func y(_ ms: Double) -> Double { bottom - (log10(max(ms, pow(10, low))) - low) / (high - low) * (bottom - top) }
        var svg = "<p class=\"figure-caption\">Latency of acknowledged writes per second (log scale): median (dark) and max (light).</p>"
        svg += "<svg class=\"chart latency\" data-path=\"\(series.path.rawValue)\" viewBox=\"0 0 \(Int(axis.width)) \(Int(height))\" role=\"img\" "
            + "aria-label=\"\(series.path.rawValue) latency\">"
        svg += axis.faultShading(contents.record.faults, top: top, bottom: bottom, runEndNs: endNs(axis))
        svg += axis.grid(top: top, bottom: bottom)
        let decades = stride(from: low, through: high, by: 1).map { pow(10, $0) }
        svg += yAxis(values: decades, label: latencyLabel, y: y, axis: axis, unit: "")
        for (keyPath, cls) in [(\OpBucket.maxMs, "pmax"), (\OpBucket.p50Ms, "p50")] {
            var path = ""
            var previous: Int?
            for bucket in series.buckets {
                guard let value = bucket[keyPath: keyPath] else {
                    previous = nil
                    continue
                }
                let x = axis.x(seconds: Double(bucket.second) + 0.5)
                path += (previous == bucket.second - 1 ? "L" : "M") + "\(Markup.coordinate(x)) \(Markup.coordinate(y(value)))"
                previous = bucket.second
            }
            svg += "<path class=\"\(cls)\" d=\"\(path)\"/>"
        }
        svg += "<line class=\"axis\" x1=\"\(Markup.coordinate(axis.left))\" x2=\"\(Markup.coordinate(axis.right))\" y1=\"\(Markup.coordinate(bottom))\" y2=\"\(Markup.coordinate(bottom))\"/>"
        return svg + "</svg>"
    }

    // MARK: helpers

    static func yAxis(values: [Double], label: (Double) -> String, y: (Double) -> Double, axis: TimeAxis, unit: String) -> String {
        values.map { value in
            let position = Markup.coordinate(y(value))
            return "<line class=\"grid\" x1=\"\(Markup.coordinate(axis.left))\" x2=\"\(Markup.coordinate(axis.right))\" y1=\"\(position)\" y2=\"\(position)\"/>"
                + "<text class=\"tick\" x=\"\(Markup.coordinate(axis.left - 6))\" y=\"\(Markup.coordinate(y(value) + 4))\" text-anchor=\"end\">\(label(value))\(unit)</text>"
        }.joined()
    }

    private static func latencyLabel(_ ms: Double) -> String {
        if ms >= 1000 { return "\(Int(ms / 1000))s" }
        if ms >= 1 { return "\(Int(ms))ms" }
        return "\(ms)ms"
    }

    /// 1, 2, 5 × 10ⁿ at or above `value`.
    static func niceCeiling(_ value: Double) -> Double {
        let magnitude = pow(10, (log10(max(value, 1))).rounded(.down))
        for factor in [1.0, 2, 2.5, 5, 10] where factor * magnitude >= value { return factor * magnitude }
        return 10 * magnitude
    }
}
