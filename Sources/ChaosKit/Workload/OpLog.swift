// The append-only, thread-safe history of write attempts, with live counters and CSV output.

public import Foundation

/// Live counters for one path, readable while writers run (for stop conditions).
public struct PathLiveStatus: Sendable, Hashable {
    /// Acknowledged writes so far.
    public var acked = 0
    /// Failed or timed-out writes so far.
    public var failed = 0
    /// End of the latest acknowledged write (monotonic ns), if any.
    public var lastAckNs: Int64?
}

/// Every write attempt of a run, appended by writer threads.
public final class OpLog: Sendable {
    private struct State {
        var records: [OpRecord] = []
        var live: [WritePath: PathLiveStatus] = [:]
    }

    private let state = Locked(State())

    /// Creates an empty log.
    public init() {}

    /// Appends one attempt.
    public func append(_ record: OpRecord) {
        state.withLock { state in
            state.records.append(record)
            var status = state.live[record.path] ?? PathLiveStatus()
            if record.isAck {
                status.acked += 1
                status.lastAckNs = max(status.lastAckNs ?? record.endNs, record.endNs)
            } else {
                status.failed += 1
            }
            state.live[record.path] = status
        }
    }

    /// A copy of every record, in append order.
    public var records: [OpRecord] { state.withLock { $0.records } }

    /// The records appended since the first `count` (those after an earlier call's total), and the total now:
    /// a reader that follows the log (the game day's dashboard) copies only what is new.
    public func records(after count: Int) -> (records: [OpRecord], total: Int) {
        state.withLock { state in
            let start = min(max(0, count), state.records.count)
            return (Array(state.records[start...]), state.records.count)
        }
    }

    /// Live counters for a path.
    public func liveStatus(of path: WritePath) -> PathLiveStatus {
        state.withLock { $0.live[path] ?? PathLiveStatus() }
    }

    /// The history as CSV: a header, then one line per attempt in append order.
    public func csv() -> String { OpLog.csv(records) }

    /// Writes the CSV to a file.
    public func writeCSV(to url: URL) throws {
        try Data(csv().utf8).write(to: url, options: .atomic)
    }

    /// Renders records as CSV (RFC 4180 quoting); with a run id, a first `run_id` column.
    public static func csv(_ records: [OpRecord], runID: String? = nil) -> String {
        CSVTable.render(header: "path,seq,start_ns,end_ns,outcome,sqlstate,node,lsn,timeline,message", rows: records.map { record in
            [
                record.path.rawValue, String(record.seq), String(record.startNs), String(record.endNs),
                record.outcome.rawValue, record.sqlState ?? "", record.node ?? "", record.lsn?.description ?? "",
                record.timeline.map(String.init) ?? "", record.message ?? "",
            ]
        }, runID: runID)
    }
}
