// Which figures a suite summarises and compares: the client-felt recovery (RTO, downtime), the data
// outcome (RPO) and the layer timings behind them.

import Foundation

/// The headline metrics of suites and `chaos compare`.
public enum SuiteMetrics {
    /// The metrics summarised over repetitions, in display order.
    public static let headline: [MetricDefinition] = [
        "rto.direct", "rto.pgpool", "downtime.direct", "downtime.pgpool", "rpo.lost", "rpo.ambiguous",
        "layer.leader_key_changed", "layer.promotion", "layer.pgpool_switch", "rejoin.old_primary", "failovers",
    ].compactMap(MetricCatalog.metric(named:))

    /// The headline figures a run measured (or those named): durations in seconds, counts as numbers.
    public static func values(of record: RunRecord, names: [String]? = nil) -> [String: Double] {
        guard let results = record.results else { return [:] }
        var values: [String: Double] = [:]
        for name in names ?? headline.map(\.name) {
            guard let definition = MetricCatalog.metric(named: name) else { continue }
            switch results.value(of: definition.name) {
            case .duration(let seconds)?: values[definition.name] = seconds
            case .count(let count)?: values[definition.name] = Double(count)
            case .boolean?, nil: break
            }
        }
        return values
    }

    /// A figure as shown in tables: `9.84s` for durations, `3` for counts.
    public static func format(_ value: Double, unit: String) -> String {
        unit == "s" ? String(format: "%.2fs", value) : (value == value.rounded() ? String(Int(value)) : String(format: "%.2f", value))
    }
}
