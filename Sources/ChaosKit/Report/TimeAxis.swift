// The shared x axis of every report chart: seconds since the method started, mapped to SVG pixels,
// with tick marks, and the fault windows shaded behind the data.

/// Maps run time to x pixels for one chart width.
struct TimeAxis {
    /// The time origin (ns on the run clock): t = 0.
    var originNs: Int64
    /// Visible range, seconds since the origin.
    var startSeconds: Double
    var endSeconds: Double
    /// Chart geometry: total width, and the plot area's left and right x.
    var width: Double = 1000
    var left: Double = 112
    var right: Double = 984

    /// An axis covering `startNs…endNs` (run clock), rounded out to whole seconds.
    init(originNs: Int64, startNs: Int64, endNs: Int64) {
        self.originNs = originNs
        startSeconds = (Double(startNs - originNs) / 1e9).rounded(.down)
        endSeconds = max((Double(endNs - originNs) / 1e9).rounded(.up), startSeconds + 1)
    }

    /// Seconds since the origin of a run-clock instant.
    func seconds(_ ns: Int64) -> Double { Double(ns - originNs) / 1e9 }

    /// The x pixel of a number of seconds since the origin (clamped to the plot area).
    func x(seconds value: Double) -> Double {
        let fraction = (value - startSeconds) / (endSeconds - startSeconds)
        return min(max(left + fraction * (right - left), left), right)
    }

    /// The x pixel of a run-clock instant.
    func x(ns: Int64) -> Double { x(seconds: seconds(ns)) }

    /// Tick positions: a round step giving at most ~12 ticks.
    var ticks: [Double] {
        let span = endSeconds - startSeconds
        let step = [1.0, 2, 5, 10, 15, 30, 60, 120, 300, 600, 1800, 3600].first { span / $0 <= 12 } ?? 7200
        var ticks: [Double] = []
        var tick = (startSeconds / step).rounded(.up) * step
        while tick <= endSeconds + 1e-9 {
            ticks.append(tick)
            tick += step
        }
        return ticks
    }

    /// Vertical grid lines and the tick labels under `bottom`; `labels` false draws only the grid.
    func grid(top: Double, bottom: Double, labels: Bool = true) -> String {
        var out = ""
        for tick in ticks {
            let x = Markup.coordinate(self.x(seconds: tick))
            let cls = tick == 0 ? "grid zero" : "grid"
            out += "<line class=\"\(cls)\" x1=\"\(x)\" x2=\"\(x)\" y1=\"\(Markup.coordinate(top))\" y2=\"\(Markup.coordinate(bottom))\"/>"
            if labels {
                out += "<text class=\"tick\" x=\"\(x)\" y=\"\(Markup.coordinate(bottom + 14))\" text-anchor=\"middle\">\(Int(tick))s</text>"
            }
        }
        return out
    }

    /// Shaded rectangles for the fault windows between `top` and `bottom`, titled with the step and targets;
    /// `captions` prints the step name at the top.
    func faultShading(_ faults: [FaultWindow], top: Double, bottom: Double, runEndNs: Int64, captions: Bool = false) -> String {
        var out = ""
        for fault in faults {
            let x1 = x(ns: fault.startNs)
            let x2 = max(x(ns: fault.endNs ?? runEndNs), x1 + 2)
            let healed = fault.endNs.map { "healed at \(ReportFormat.instant($0, origin: originNs))" } ?? "not healed"
            let title = "\(fault.step): \(fault.kind) on \(fault.targets.joined(separator: ", ")) — injected at "
                + "\(ReportFormat.instant(fault.startNs, origin: originNs)), \(healed)"
            out += "<rect class=\"fault-window\" data-step=\"\(Markup.escape(fault.step))\" x=\"\(Markup.coordinate(x1))\" y=\"\(Markup.coordinate(top))\" "
                + "width=\"\(Markup.coordinate(x2 - x1))\" height=\"\(Markup.coordinate(bottom - top))\"><title>\(Markup.escape(title))</title></rect>"
            if captions {
                out += "<text class=\"fault-caption\" x=\"\(Markup.coordinate(x1 + 3))\" y=\"\(Markup.coordinate(top + 11))\">"
                    + "\(Markup.escape(fault.kind)) \(Markup.escape(fault.targets.joined(separator: ", ")))</text>"
            }
        }
        return out
    }
}
