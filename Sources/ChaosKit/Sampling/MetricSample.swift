// One sampled value of one series, as metrics.csv holds it.

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
    private let state = Locked([MetricSample]())

    /// Creates an empty log.
    public init() {}

    /// Appends samples.
    public func append(_ samples: [MetricSample]) { state.withLock { $0.append(contentsOf: samples) } }

    /// A copy of every sample, in append order.
    public var samples: [MetricSample] { state.withLock { $0 } }

    /// The samples appended since the first `count`, and the total now (for a reader that follows the log).
    public func samples(after count: Int) -> (samples: [MetricSample], total: Int) {
        state.withLock { state in
            let start = min(max(0, count), state.count)
            return (Array(state[start...]), state.count)
        }
    }

    /// The header of metrics.csv.
    public static let csvHeader = "time_ns,source,metric,labels,value"

    /// Renders samples as CSV, one line per sample; with a run id, a first `run_id` column.
    public static func csv(_ samples: [MetricSample], runID: String? = nil) -> String {
        CSVTable.render(header: csvHeader, rows: samples.map { sample in
            let value = sample.value == sample.value.rounded() && abs(sample.value) < 1e15 ? String(Int64(sample.value)) : String(sample.value)
            return [String(sample.timeNs), sample.source, sample.metric, sample.labelText, value]
        }, runID: runID)
    }
}
