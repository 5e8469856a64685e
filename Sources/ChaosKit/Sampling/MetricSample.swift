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

/// Every sample of a run, appended by the sampler's thread.
public final class MetricsLog: Sendable {
    private let history: StreamedHistory<MetricSample>

    /// Creates an empty log held in memory.
    public init() { history = StreamedHistory() }

    /// Creates an empty log streamed to `file` as the run's metrics.csv (with a `run_id` column, `secrets` blanked out), keeping only the
    /// newest `keep` samples in memory.
    public init(streamingTo file: URL, runID: String, secrets: [String] = [], keep: Int = 16_384) {
        history = StreamedHistory(file: file, format: .init(
            header: MetricsLog.csvHeader, runID: runID, row: MetricsLog.fields,
            parse: { try MetricsLog.samples(fromCSV: $0, file: file.path) }, secrets: secrets), keep: keep)
    }

    /// Appends samples.
    public func append(_ samples: [MetricSample]) { history.append(samples) }

    /// Every sample, in append order (read back from metrics.csv when streamed).
    public var samples: [MetricSample] {
        history.everything()
    }

    /// The samples appended since the first `count`, and the total now (for a reader that follows the log).
    public func samples(after count: Int) -> (samples: [MetricSample], total: Int) {
        let (records, total) = history.after(count)
        return (records, total)
    }

    /// Whether metrics.csv holds every sample (so the run folder need not write it again).
    public var isStreamed: Bool { history.isStreamed }

    /// Why the file stopped being written, or cannot be read back whole, if so.
    public var streamError: String? { history.streamError }

    /// Flushes and closes metrics.csv (the sampler has stopped).
    public func close() { history.close() }

    /// The header of metrics.csv.
    public static let csvHeader = "time_ns,source,metric,labels,value"

    /// Renders samples as CSV, one line per sample; with a run id, a first `run_id` column.
    public static func csv(_ samples: [MetricSample], runID: String? = nil) -> String {
        CSVTable.render(header: csvHeader, rows: samples.map(fields), runID: runID)
    }

    /// One sample's fields, in the header's order.
    @Sendable static func fields(_ sample: MetricSample) -> [String] {
        let value = sample.value == sample.value.rounded() && abs(sample.value) < 1e15 ? String(Int64(sample.value)) : String(sample.value)
        return [String(sample.timeNs), sample.source, sample.metric, sample.labelText, value]
    }
}
