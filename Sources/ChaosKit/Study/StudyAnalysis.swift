// The numbers behind a study's tables and figures: per metric, cell and scenario, the measured values, their
// median with a distribution-free interval, the predicted interval, and how far the median fell outside it.

import Foundation

/// One metric in one cell of one scenario.
public struct StudyGroup: Sendable {
    /// The metric.
    public var metric: String
    /// The cell.
    public var cell: StudyCell
    /// The scenario's name.
    public var scenario: String
    /// Every measured value (runs that did not measure it are left out).
    public var values: [Double]
    /// How many runs there were (measured or not).
    public var runs: Int
    /// The median.
    public var median: Double?
    /// The median's interval (order statistics).
    public var interval: MedianInterval?
    /// The model's interval, when it made one.
    public var predicted: (low: Double, high: Double)?

    /// Values inside the predicted interval.
    public var inside: Int { predicted.map { band in values.filter { $0 >= band.low && $0 <= band.high }.count } ?? 0 }
    /// The median's distance outside the predicted interval (negative below, 0 inside); nil without both.
    public var medianError: Double? {
        guard let median, let band = predicted else { return nil }
        return median < band.low ? median - band.low : median > band.high ? median - band.high : 0
    }
}

/// A study's groups, in matrix order.
public struct StudyAnalysis: Sendable {
    /// Metrics that have a value in at least one run, in the study's order.
    public var metrics: [String]
    /// Groups by metric, in (cell, scenario) order.
    public var groups: [String: [StudyGroup]]

    /// Analyses the finished runs of `record` (interrupted ones are left out).
    public init(_ record: StudyRecord) {
        let entries = record.entries.filter { $0.interrupted != true }
        metrics = record.definition.recordedMetrics.filter { name in entries.contains { $0.metrics[name] != nil } }
        var groups: [String: [StudyGroup]] = [:]
        for metric in metrics {
            var list: [StudyGroup] = []
            for cell in record.definition.cells {
                for scenario in record.definition.scenarios {
                    let runs = entries.filter { $0.key.cell == cell.index && $0.key.scenario == scenario }
                    guard !runs.isEmpty else { continue }
                    let values = runs.compactMap { $0.metrics[metric] }
                    let band = runs.lazy.compactMap { $0.predictions[metric] }.first { $0.count == 2 }
                    let sorted = values.sorted()
                    list.append(StudyGroup(
                        metric: metric, cell: cell, scenario: StudyRunner.name(of: scenario), values: values, runs: runs.count,
                        median: sorted.isEmpty ? nil : SampleStatistics.quantile(sorted, 0.5), interval: MedianInterval.of(values),
                        predicted: band.map { ($0[0], $0[1]) }))
                }
            }
            groups[metric] = list
        }
        self.groups = groups
    }

    /// Whether a metric is a duration (seconds).
    public static func isDuration(_ metric: String) -> Bool { MetricCatalog.metric(named: metric)?.type == .duration }

    /// `9.84 s` for durations, `3` for counts.
    public static func format(_ value: Double, metric: String) -> String {
        isDuration(metric) ? String(format: "%.2f s", value) : (value == value.rounded() ? String(Int(value)) : String(format: "%.1f", value))
    }
}
