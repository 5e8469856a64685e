// report.html's client-count charts, one of each per mode: median TPS with min–max whiskers, and latency
// p50 / p95 / p99 in three panels; one line per target in its fixed colour.

extension BenchReportRenderer {
    /// Median TPS against client count, one line per target, whiskers from the lowest to the highest repetition.
    static func throughputChart(_ groups: [BenchAggregate.Group], mode: BenchMode, targets: [BenchTarget]) -> String {
        let (left, right, top, bottom, height) = (70.0, 704.0, 12.0, 222.0, 262.0)
        let axis = BenchClientAxis(counts: groups.map(\.clients), left: left, right: right)
        let scale = BenchValueScale(covering: groups.map(\.maxTps).max() ?? 0)
        let present = targets.filter { target in groups.contains { $0.target == target } }
        let label = "Median transactions per second against client count, mode \(mode.rawValue), one line per target: "
            + present.map(\.rawValue).joined(separator: ", ") + "; whiskers span the lowest to the highest repetition."
        var svg = "<svg class=\"chart bench-tps\" data-mode=\"\(Markup.escape(mode.rawValue))\" viewBox=\"0 0 \(Int(chartWidth)) \(Int(height))\" "
            + "role=\"img\" aria-label=\"\(Markup.escape(label))\">"
        svg += valueGrid(scale, left: left, right: right, top: top, bottom: bottom)
        svg += clientTicks(axis, top: top, bottom: bottom)
        svg += axisTitles(x: axis.title, y: "TPS (transactions/s)", left: left, right: right, top: top, bottom: bottom)
        for (index, target) in present.enumerated() {
            let series = groups.filter { $0.target == target }.sorted { $0.clients < $1.clients }
            let offset = (Double(index) - Double(present.count - 1) / 2) * 5
            func x(_ group: BenchAggregate.Group) -> Double { axis.x(group.clients) + offset }
            func y(_ tps: Double) -> Double { scale.y(tps, top: top, bottom: bottom) }
            svg += "<g class=\"series\" data-target=\"\(target.rawValue)\">"
            svg += polyline(series.map { (x($0), y($0.medianTps)) }, target: target)
            for group in series {
                let cx = Markup.coordinate(x(group))
                if group.maxTps > group.minTps {
                    let (low, high) = (Markup.coordinate(y(group.minTps)), Markup.coordinate(y(group.maxTps)))
                    let (capLeft, capRight) = (Markup.coordinate(x(group) - 3), Markup.coordinate(x(group) + 3))
                    svg += "<path class=\"whisker\" stroke=\"\(target.chartColour)\" d=\"M\(cx) \(low)L\(cx) \(high)M\(capLeft) \(low)L\(capRight) \(low)"
                        + "M\(capLeft) \(high)L\(capRight) \(high)\"/>"
                }
                var title = "\(target.rawValue), \(mode.rawValue), \(group.clients) clients: median \(BenchFormat.tps(group.medianTps)) TPS"
                if group.repetitions > 1 {
                    title += " over \(group.repetitions) repetitions (lowest \(BenchFormat.tps(group.minTps)), highest \(BenchFormat.tps(group.maxTps)))"
                } else {
                    title += " over 1 repetition"
                }
                if group.target != .single { title += ", \(BenchFormat.ratio(group.overhead(against: .single))) of single" }
                svg += "<circle class=\"point\" cx=\"\(cx)\" cy=\"\(Markup.coordinate(y(group.medianTps)))\" r=\"3.5\" fill=\"\(target.chartColour)\">"
                    + "<title>\(Markup.escape(title))</title></circle>"
            }
            svg += "</g>"
        }
        return svg + "</svg>"
    }

    /// Latency percentiles against client count: p50, p95 and p99 side by side, each on its own scale.
    static func latencyChart(_ groups: [BenchAggregate.Group], mode: BenchMode, targets: [BenchTarget]) -> String {
        let panels: [(name: String, value: Swift.KeyPath<LatencyPercentiles, Double>)] = [("p50", \.p50), ("p95", \.p95), ("p99", \.p99)]
        let (panelWidth, top, bottom, height) = (chartWidth / 3, 28.0, 196.0, 236.0)
        let present = targets.filter { target in groups.contains { $0.target == target } }
        let label = "Latency percentiles in milliseconds against client count, mode \(mode.rawValue): p50, p95 and p99 panels, "
            + "one line per target: " + present.map(\.rawValue).joined(separator: ", ") + "."
        var svg = "<svg class=\"chart bench-latency\" data-mode=\"\(Markup.escape(mode.rawValue))\" viewBox=\"0 0 \(Int(chartWidth)) \(Int(height))\" "
            + "role=\"img\" aria-label=\"\(Markup.escape(label))\">"
        for (index, panel) in panels.enumerated() {
            let left = Double(index) * panelWidth + 50
            let right = Double(index + 1) * panelWidth - 14
            let axis = BenchClientAxis(counts: groups.map(\.clients), left: left, right: right)
            let scale = BenchValueScale(covering: groups.map { $0.latencyMs[keyPath: panel.value] }.max() ?? 0)
            svg += "<g class=\"panel\" data-percentile=\"\(panel.name)\">"
            svg += "<text class=\"panel-title\" x=\"\(Markup.coordinate((left + right) / 2))\" y=\"14\" text-anchor=\"middle\">"
                + "\(panel.name) latency (ms)</text>"
            svg += valueGrid(scale, left: left, right: right, top: top, bottom: bottom)
            svg += clientTicks(axis, top: top, bottom: bottom)
            svg += "<text class=\"axis-title\" x=\"\(Markup.coordinate((left + right) / 2))\" y=\"\(Markup.coordinate(bottom + 34))\" "
                + "text-anchor=\"middle\">\(Markup.escape(axis.title))</text>"
            for target in present {
                let series = groups.filter { $0.target == target }.sorted { $0.clients < $1.clients }
                func y(_ group: BenchAggregate.Group) -> Double { scale.y(group.latencyMs[keyPath: panel.value], top: top, bottom: bottom) }
                svg += "<g class=\"series\" data-target=\"\(target.rawValue)\">"
                svg += polyline(series.map { (axis.x($0.clients), y($0)) }, target: target)
                for group in series {
                    let value = BenchFormat.ms(group.latencyMs[keyPath: panel.value])
                    let plural = group.repetitions == 1 ? "" : "s"
                    let title = "\(target.rawValue), \(mode.rawValue), \(group.clients) clients: \(panel.name) \(value) ms "
                        + "(median over \(group.repetitions) repetition\(plural))"
                    svg += "<circle class=\"point\" cx=\"\(Markup.coordinate(axis.x(group.clients)))\" cy=\"\(Markup.coordinate(y(group)))\" r=\"3\" "
                        + "fill=\"\(target.chartColour)\"><title>\(Markup.escape(title))</title></circle>"
                }
                svg += "</g>"
            }
            svg += "</g>"
        }
        return svg + "</svg>"
    }

    // MARK: helpers

    /// The width of every bench chart's view box.
    static let chartWidth = 720.0

    /// Horizontal grid lines with their values on the left.
    static func valueGrid(_ scale: BenchValueScale, left: Double, right: Double, top: Double, bottom: Double) -> String {
        var out = ""
        for value in scale.ticks {
            let y = Markup.coordinate(scale.y(value, top: top, bottom: bottom))
            out += "<line class=\"\(value == 0 ? "axis" : "grid")\" x1=\"\(Markup.coordinate(left))\" x2=\"\(Markup.coordinate(right))\" "
                + "y1=\"\(y)\" y2=\"\(y)\"/>"
            out += "<text class=\"tick\" x=\"\(Markup.coordinate(left - 6))\" y=\"\(Markup.coordinate(scale.y(value, top: top, bottom: bottom) + 4))\" "
                + "text-anchor=\"end\">\(scale.label(value))</text>"
        }
        return out + "<line class=\"axis\" x1=\"\(Markup.coordinate(left))\" x2=\"\(Markup.coordinate(left))\" "
            + "y1=\"\(Markup.coordinate(top))\" y2=\"\(Markup.coordinate(bottom))\"/>"
    }

    /// A tick and a label under the plot at each client count.
    static func clientTicks(_ axis: BenchClientAxis, top: Double, bottom: Double) -> String {
        axis.counts.map { count in
            let x = Markup.coordinate(axis.x(count))
            return "<line class=\"grid\" x1=\"\(x)\" x2=\"\(x)\" y1=\"\(Markup.coordinate(top))\" y2=\"\(Markup.coordinate(bottom + 4))\"/>"
                + "<text class=\"tick\" x=\"\(x)\" y=\"\(Markup.coordinate(bottom + 16))\" text-anchor=\"middle\">\(count)</text>"
        }.joined()
    }

    /// The x title under the plot and the y title turned along the left edge.
    static func axisTitles(x: String, y: String, left: Double, right: Double, top: Double, bottom: Double) -> String {
        "<text class=\"axis-title\" x=\"\(Markup.coordinate((left + right) / 2))\" y=\"\(Markup.coordinate(bottom + 34))\" text-anchor=\"middle\">"
            + "\(Markup.escape(x))</text>"
            + "<text class=\"axis-title\" transform=\"rotate(-90)\" x=\"\(Markup.coordinate(-(top + bottom) / 2))\" y=\"14\" text-anchor=\"middle\">"
            + "\(Markup.escape(y))</text>"
    }

    /// A line through `points` in the target's colour and dash (nothing for fewer than two points).
    static func polyline(_ points: [(Double, Double)], target: BenchTarget, opacity: Double = 1, width: Double = 2) -> String {
        guard points.count > 1 else { return "" }
        let d = points.enumerated().map { index, point in
            (index == 0 ? "M" : "L") + "\(Markup.coordinate(point.0)) \(Markup.coordinate(point.1))"
        }.joined()
        let dash = target.chartDash.map { " stroke-dasharray=\"\($0)\"" } ?? ""
        let fade = opacity < 1 ? " stroke-opacity=\"\(Markup.coordinate(opacity))\"" : ""
        return "<path class=\"line\" fill=\"none\" stroke=\"\(target.chartColour)\" stroke-width=\"\(Markup.coordinate(width))\"\(dash)\(fade) d=\"\(d)\"/>"
    }
}
