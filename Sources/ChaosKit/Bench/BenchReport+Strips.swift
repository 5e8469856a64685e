// report.html's per-second strips: for one mode and client count, a row per target with each repetition's
// transactions per second over the measured window (repetitions overlaid), seconds with failures marked in red.

extension BenchReportRenderer {
    /// The strips of the measured cells of one mode and client count; nil when none has a per-second series.
    static func stripChart(_ results: [BenchCellResult], mode: BenchMode, clients: Int, targets: [BenchTarget], durationSeconds: Int) -> String? {
        let measured = results.filter { !($0.measurement?.perSecond.isEmpty ?? true) }
        let rows = targets.filter { target in measured.contains { $0.cell.target == target } }
        guard !rows.isEmpty else { return nil }
        let seconds = measured.flatMap { $0.measurement?.perSecond ?? [] }
        let span = Double(max(durationSeconds, (seconds.map(\.second).max() ?? 0) + 1, 1))
        let (left, right, top, rowHeight, gap) = (96.0, 704.0, 8.0, 54.0, 14.0)
        let height = top + Double(rows.count) * (rowHeight + gap) + 26
        let scale = BenchValueScale(covering: Double(seconds.map(\.transactions).max() ?? 0), ticks: 2)
        func x(_ second: Double) -> Double { left + second / span * (right - left) }
        let label = "Transactions per second over each repetition's measured window, mode \(mode.rawValue), \(clients) clients, "
            + "one row per target: " + rows.map(\.rawValue).joined(separator: ", ") + "; repetitions overlaid; failures marked in red."
        var svg = "<svg class=\"chart bench-strips\" data-mode=\"\(Markup.escape(mode.rawValue))\" data-clients=\"\(clients)\" "
            + "viewBox=\"0 0 \(Int(chartWidth)) \(Int(height))\" role=\"img\" aria-label=\"\(Markup.escape(label))\">"
        for (index, target) in rows.enumerated() {
            let rowTop = top + Double(index) * (rowHeight + gap)
            let rowBottom = rowTop + rowHeight
            let cells = measured.filter { $0.cell.target == target }.sorted { $0.cell.repetition < $1.cell.repetition }
            svg += "<g class=\"strip\" data-target=\"\(target.rawValue)\">"
            svg += "<text class=\"strip-label\" x=\"8\" y=\"\(Markup.coordinate(rowTop + rowHeight / 2 + 4))\" style=\"fill:\(target.chartColour)\">"
                + "\(Markup.escape(target.rawValue))</text>"
            svg += "<text class=\"tick\" x=\"8\" y=\"\(Markup.coordinate(rowTop + rowHeight / 2 + 18))\">TPS</text>"
            svg += valueGrid(scale, left: left, right: right, top: rowTop, bottom: rowBottom)
            for result in cells {
                guard let measurement = result.measurement else { continue }
                let points = measurement.perSecond.map { (x(Double($0.second) + 0.5), scale.y(Double($0.transactions), top: rowTop, bottom: rowBottom)) }
                let title = "\(target.rawValue), \(mode.rawValue), \(clients) clients, repetition \(result.cell.repetition): "
                    + "\(BenchFormat.tps(measurement.tps)) TPS over the window, \(measurement.failed) failed"
                svg += "<g class=\"repetition\" data-repetition=\"\(result.cell.repetition)\"><title>\(Markup.escape(title))</title>"
                svg += polyline(points, target: target, opacity: cells.count > 1 ? 0.5 : 1, width: 1.4)
                for second in measurement.perSecond where second.failed > 0 {
                    let start = x(Double(second.second))
                    svg += "<rect class=\"failed-second\" x=\"\(Markup.coordinate(start))\" y=\"\(Markup.coordinate(rowBottom - 5))\" "
                        + "width=\"\(Markup.coordinate(max(x(Double(second.second + 1)) - start, 1.5)))\" height=\"5\">"
                        + "<title>\(Markup.escape("repetition \(result.cell.repetition), second \(second.second): \(second.failed) failed"))</title></rect>"
                }
                svg += "</g>"
            }
            svg += "</g>"
        }
        let axisY = top + Double(rows.count) * (rowHeight + gap) - gap
        let timeScale = BenchValueScale(covering: span, ticks: max(1, min(6, Int(span))))
        for value in timeScale.ticks where value <= span {
            let position = Markup.coordinate(x(value))
            svg += "<line class=\"axis\" x1=\"\(position)\" x2=\"\(position)\" y1=\"\(Markup.coordinate(axisY))\" y2=\"\(Markup.coordinate(axisY + 4))\"/>"
                + "<text class=\"tick\" x=\"\(position)\" y=\"\(Markup.coordinate(axisY + 15))\" text-anchor=\"middle\">\(timeScale.label(value))</text>"
        }
        svg += "<text class=\"axis-title\" x=\"\(Markup.coordinate(left - 6))\" y=\"\(Markup.coordinate(axisY + 15))\" text-anchor=\"end\">seconds</text>"
        return svg + "</svg>"
    }
}
