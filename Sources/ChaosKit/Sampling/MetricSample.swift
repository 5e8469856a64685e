// One sampled value of one series, as metrics.csv holds it.

public import Foundation

/// One value of one series at one moment of the run.
public struct MetricSample: Sendable, Hashable, Codable {
    /// When it was read, ns on the run clock.
    public var timeNs: Int64
    /// Where from: `primary` (SQL on the primary), `patroni:pg1`, `etcd:etcd2`, `pgpool`.
    public var source: String
    /// The series name, e.g. `replication_lag_bytes`, `patroni_primary`.
    public var metric: String
    /// Its labels, e.g. `member=pg2`.
    public var labels: [String: String]
    /// The value.
    public var value: Double

    /// Creates a sample.
    public init(timeNs: Int64, source: String, metric: String, labels: [String: String] = [:], value: Double) {
        self.timeNs = timeNs
        self.source = source
        self.metric = metric
        self.labels = labels
        self.value = value
    }

    /// The labels as `k=v;k=v`, sorted by name (empty without labels).
    public var labelText: String { labels.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: ";") }
}

/// Every sample of a run, appended by the sampler.
public typealias MetricsLog = HistoryLog<MetricSample>

extension HistoryLog where Record == MetricSample {
    /// Every sample, in append order.
    public var samples: [MetricSample] { records }

    /// The samples appended since the first `count`, and the total now (for a reader that follows the log).
    public func samples(after count: Int) -> (samples: [MetricSample], total: Int) {
        let (records, total) = records(after: count)
        return (records, total)
    }

    /// Parses metrics.csv back.
    ///
    /// - Throws: ``ReportError`` naming the line of the first malformed row.
    public static func samples(fromCSV text: String, file: String = MetricSample.csvFileName) throws -> [MetricSample] {
        try MetricSample.records(fromCSV: text, file: file)
    }
}

extension MetricSample: HistoryRecord {
    public static let csvHeader = "time_ns,source,metric,labels,value"
    public static let csvFileName = "metrics.csv"

    public var csvFields: [String] {
        let text = value == value.rounded() && abs(value) < 1e15 ? String(Int64(value)) : String(value)
        return [String(timeNs), source, metric, labelText, text]
    }
}
