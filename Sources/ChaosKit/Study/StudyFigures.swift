// The study's figures: each metric against each swept parameter — every run as a dot, the median with its
// interval, the predicted interval as a band — as SVG, inline in report.html and standalone in figures/.

import Foundation

/// One figure.
public struct StudyFigure: Sendable {
    /// `rto.direct-vs-ttl.svg`.
    public var fileName: String
    /// Caption.
    public var caption: String
    /// The `<svg>` element.
    public var svg: String

    /// A standalone SVG file.
    public var standalone: String { "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n" + svg.replacingOccurrences(of: "<svg ", with: "<svg xmlns=\"http://www.w3.org/2000/svg\" ", options: [], range: svg.range(of: "<svg ")) + "\n" }
}

/// Draws a study's figures.
public enum StudyFigures {
    static let width = 560.0, height = 280.0, left = 64.0, right = 16.0, marginTop = 28.0, bottom = 44.0

    /// One figure per (metric, parameter) with at least one value.
    public static func render(_ record: StudyRecord, analysis: StudyAnalysis) -> [StudyFigure] {
        var figures: [StudyFigure] = []
        let entries = record.entries.filter { $0.interrupted != true }
        for metric in analysis.metrics {
            for parameter in record.definition.parameters {
                let columns = parameter.values.map { value -> (value: String, points: [Double], band: (Double, Double)?) in
                    let runs = entries.filter { record.cell($0.key.cell)?.values[parameter.name] == value }
                    let bands = runs.compactMap { $0.predictions[metric] }.filter { $0.count == 2 }
                    let band = bands.isEmpty ? nil : (bands.map { $0[0] }.min()!, bands.map { $0[1] }.max()!)
                    return (value, runs.compactMap { $0.metrics[metric] }, band)
                }
                guard columns.contains(where: { !$0.points.isEmpty }) else { continue }
                let others = record.definition.parameters.count > 1 ? " (pooled over the other parameters; the tables give each cell)" : ""
                let caption = "\(metric) against \(parameter.name): each dot a run, the bar the median with its interval, the shaded band the prediction\(others)."
                figures.append(StudyFigure(fileName: "\(safe(metric))-vs-\(safe(parameter.name)).svg", caption: caption,
                                           svg: svg(metric: metric, parameter: parameter.name, columns: columns)))
            }
        }
        return figures
    }

    static func safe(_ text: String) -> String { String(text.map { $0.isLetter || $0.isNumber || $0 == "." || $0 == "_" ? $0 : "-" }) }

    static func svg(metric: String, parameter: String, columns: [(value: String, points: [Double], band: (Double, Double)?)]) -> String {
        let all = columns.flatMap(\.points) + columns.compactMap { $0.band?.1 }
        let ceiling = niceCeiling(max(all.max() ?? 1, 1e-9) * 1.08)
        let plotWidth = width - left - right, plotHeight = height - marginTop - bottom
        let y = { (value: Double) in marginTop + plotHeight * (1 - value / ceiling) }
        let step = plotWidth / Double(max(columns.count, 1))
        var out = "<svg class=\"figure\" width=\"\(Int(width))\" height=\"\(Int(height))\" viewBox=\"0 0 \(Int(width)) \(Int(height))\" role=\"img\" font-family=\"sans-serif\" font-size=\"11\">"
        out += "<title>\(Markup.escape(metric)) against \(Markup.escape(parameter))</title>"
        out += "<text x=\"\(Int(left))\" y=\"16\" font-size=\"13\" font-weight=\"bold\">\(Markup.escape(metric)) vs \(Markup.escape(parameter))</text>"
        for tick in 0...4 {
            let value = ceiling * Double(tick) / 4
            let ty = Markup.coordinate(y(value))
            out += "<line x1=\"\(Int(left))\" y1=\"\(ty)\" x2=\"\(Int(width - right))\" y2=\"\(ty)\" stroke=\"#e4e4e4\"/>"
            out += "<text x=\"\(Int(left) - 6)\" y=\"\(ty)\" text-anchor=\"end\" dominant-baseline=\"middle\">\(Markup.escape(StudyAnalysis.format(value, metric: metric)))</text>"
        }
        for (index, column) in columns.enumerated() {
            let center = left + step * (Double(index) + 0.5)
            if let band = column.band {
                out += "<rect x=\"\(Markup.coordinate(center - step * 0.38))\" y=\"\(Markup.coordinate(y(band.1)))\" width=\"\(Markup.coordinate(step * 0.76))\" "
                    + "height=\"\(Markup.coordinate(max(1, y(band.0) - y(band.1))))\" fill=\"#2e7d32\" fill-opacity=\"0.15\"><title>predicted \(Markup.escape(StudyAnalysis.format(band.0, metric: metric)))–\(Markup.escape(StudyAnalysis.format(band.1, metric: metric)))</title></rect>"
            }
            for (i, point) in column.points.enumerated() {
                let jitter = (Double(i % 7) - 3) * step * 0.035
                out += "<circle cx=\"\(Markup.coordinate(center + jitter))\" cy=\"\(Markup.coordinate(y(point)))\" r=\"3.2\" fill=\"#1565c0\" fill-opacity=\"0.6\"/>"
            }
            if let interval = MedianInterval.of(column.points) {
                let median = SampleStatistics.quantile(column.points.sorted(), 0.5)
                let x = Markup.coordinate(center + step * 0.2)
                out += "<line x1=\"\(x)\" y1=\"\(Markup.coordinate(y(interval.low)))\" x2=\"\(x)\" y2=\"\(Markup.coordinate(y(interval.high)))\" stroke=\"#222\" stroke-width=\"1.5\"/>"
                out += "<line x1=\"\(Markup.coordinate(center + step * 0.14))\" y1=\"\(Markup.coordinate(y(median)))\" x2=\"\(Markup.coordinate(center + step * 0.26))\" y2=\"\(Markup.coordinate(y(median)))\" stroke=\"#222\" stroke-width=\"3\"><title>median \(Markup.escape(StudyAnalysis.format(median, metric: metric))), interval \(Markup.escape(StudyAnalysis.format(interval.low, metric: metric)))–\(Markup.escape(StudyAnalysis.format(interval.high, metric: metric))) (\(Int((interval.confidence * 100).rounded())) %)</title></line>"
            }
            out += "<text x=\"\(Markup.coordinate(center))\" y=\"\(Int(height - bottom + 16))\" text-anchor=\"middle\">\(Markup.escape(column.value))</text>"
        }
        out += "<text x=\"\(Markup.coordinate(left + plotWidth / 2))\" y=\"\(Int(height - 8))\" text-anchor=\"middle\">\(Markup.escape(parameter))</text>"
        out += "<line x1=\"\(Int(left))\" y1=\"\(Markup.coordinate(y(0)))\" x2=\"\(Int(width - right))\" y2=\"\(Markup.coordinate(y(0)))\" stroke=\"#888\"/>"
        return out + "</svg>"
    }

    /// 1, 2, 2.5 or 5 × a power of ten at or above `value`.
    static func niceCeiling(_ value: Double) -> Double {
        let power = pow(10, floor(log10(value)))
        for factor in [1.0, 2, 2.5, 5, 10] where factor * power >= value { return factor * power }
        return 10 * power
    }
}
