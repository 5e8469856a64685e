// The sampler's replication lag under the node lanes: one line per replica, WAL bytes not yet replayed as the
// primary saw them, on the axis the other charts share.

import Foundation

extension HTMLReportRenderer {
    /// The lag chart, or nothing when the run sampled no lag.
    static func lagChart(_ contents: RunContents, axis: TimeAxis) -> String {
        let lag = contents.metrics.filter { $0.metric == "replication_lag_bytes" }
        guard !lag.isEmpty else { return "" }
        let members = Set(lag.compactMap { $0.labels["member"] }).sorted()
        let top = 8.0
        let bottom = 88.0
        let yMax = niceCeiling(max(lag.map(\.value).max() ?? 1, 1024))
        func y(_ bytes: Double) -> Double { bottom - min(bytes, yMax) / yMax * (bottom - top) }
        let palette = ["#1565c0", "#8e24aa", "#00897b", "#6d4c41", "#c62828"]
        var out = "<h3 id=\"replication-lag\">Replication lag</h3><p class=\"figure-caption\">WAL bytes each replica had not replayed, "
            + "as the primary's pg_stat_replication said once per sample (metrics.csv); a replica missing for a while was not streaming. "
            + members.enumerated().map { "<span style=\"color:\(palette[$0.offset % palette.count])\">■ \(Markup.escape($0.element))</span>" }.joined(separator: " ")
            + "</p>"
        var svg = "<svg class=\"chart lag\" viewBox=\"0 0 \(Int(axis.width)) \(Int(bottom + 22))\" role=\"img\" aria-label=\"replication lag per replica\">"
        svg += axis.faultShading(contents.record.faults, top: top, bottom: bottom, runEndNs: endNs(axis))
        svg += axis.grid(top: top, bottom: bottom)
        svg += yAxis(values: [0, yMax / 2, yMax], label: ByteSize.describe, y: y, axis: axis, unit: "")
        for (index, member) in members.enumerated() {
            let points = lag.filter { $0.labels["member"] == member }.sorted { $0.timeNs < $1.timeNs }
            // A gap longer than three samples apart breaks the line: the replica was not streaming then.
            var path = ""
            var previous: Int64?
            let step = zip(points, points.dropFirst()).map { $1.timeNs - $0.timeNs }.sorted().first ?? 1_000_000_000
            for point in points {
                let command = previous.map { point.timeNs - $0 > 3 * step } ?? true ? "M" : "L"
                path += "\(command)\(Markup.coordinate(axis.x(ns: point.timeNs))) \(Markup.coordinate(y(point.value)))"
                previous = point.timeNs
            }
            svg += "<path class=\"lag-line\" fill=\"none\" stroke-width=\"1.4\" stroke=\"\(palette[index % palette.count])\" d=\"\(path)\">"
                + "<title>\(Markup.escape(member)): up to \(ByteSize.describe(points.map(\.value).max() ?? 0))</title></path>"
        }
        svg += "<line class=\"axis\" x1=\"\(Markup.coordinate(axis.left))\" x2=\"\(Markup.coordinate(axis.right))\" y1=\"\(Markup.coordinate(bottom))\" y2=\"\(Markup.coordinate(bottom))\"/>"
        return out + svg + "</svg>"
    }
}
