// pgbench's per-transaction log (`-l`): one line per transaction,
// `client_id transaction_no time script_no time_epoch time_us [schedule_lag] [retries]`, where `time` is the
// latency in microseconds, or `failed` / `serialization` / `deadlock` for a transaction that failed and
// `skipped` for one skipped by --latency-limit. One file per pgbench thread: `<prefix>.<pid>[.<thread>]`.

import Foundation

/// One transaction as pgbench logged it.
public struct PgbenchTransaction: Sendable, Hashable {
    /// When it completed, microseconds since the Unix epoch (pgbench's wall clock).
    public var completedUs: Int64
    /// Its latency in microseconds; nil when it failed or was skipped.
    public var latencyUs: Int64?
    /// Whether it failed (an error pgbench counted as a failed transaction).
    public var failed: Bool

    /// Creates a transaction record.
    public init(completedUs: Int64, latencyUs: Int64?, failed: Bool) {
        self.completedUs = completedUs
        self.latencyUs = latencyUs
        self.failed = failed
    }
}

/// Parses pgbench per-transaction logs.
public enum PgbenchLog {
    /// A line pgbench's log cannot have: the file's line number and the text.
    public struct MalformedLine: Error, Sendable, CustomStringConvertible {
        /// 1-based line number.
        public var line: Int
        /// The line.
        public var text: String
        public var description: String { "line \(line) is not a pgbench transaction record: \(text.prefix(80))" }
    }

    /// The transactions of one log's text; skipped transactions are left out. A last line without its
    /// newline is pgbench's buffer cut short by a signal (the load stops pgbench that way) and is dropped.
    public static func parse(_ text: String) throws(MalformedLine) -> [PgbenchTransaction] {
        var records: [PgbenchTransaction] = []
        var number = 0
        var lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        if !text.isEmpty, !text.hasSuffix("\n") { lines.removeLast() }
        for line in lines {
            number += 1
            if line.isEmpty { continue }
            let fields = line.split(separator: " ", omittingEmptySubsequences: true)
            guard fields.count >= 6, let epoch = Int64(fields[4]), let micros = Int64(fields[5]), Int(fields[0]) != nil else {
                throw MalformedLine(line: number, text: String(line))
            }
            let completed = epoch * 1_000_000 + micros
            switch fields[2] {
            case "skipped": continue
            case "failed", "serialization", "deadlock":
                records.append(PgbenchTransaction(completedUs: completed, latencyUs: nil, failed: true))
            default:
                guard let latency = Int64(fields[2]) else { throw MalformedLine(line: number, text: String(line)) }
                records.append(PgbenchTransaction(completedUs: completed, latencyUs: latency, failed: false))
            }
        }
        return records
    }

    /// Every log file pgbench wrote with `--log-prefix=<prefix>` (`<prefix>.<pid>` and its per-thread
    /// siblings), merged and sorted by completion time.
    public static func read(prefix: String) throws -> [PgbenchTransaction] {
        let directory = (prefix as NSString).deletingLastPathComponent
        let base = (prefix as NSString).lastPathComponent + "."
        let names = try FileManager.default.contentsOfDirectory(atPath: directory).filter { $0.hasPrefix(base) }.sorted()
        var all: [PgbenchTransaction] = []
        for name in names {
            let text = try String(contentsOfFile: directory + "/" + name, encoding: .utf8)
            do { all += try parse(text) } catch { throw LogFileError(file: name, problem: error) }
        }
        return all.sorted { $0.completedUs < $1.completedUs }
    }

    /// A malformed line in a named file.
    public struct LogFileError: Error, CustomStringConvertible {
        /// The file's name.
        public var file: String
        /// What was wrong.
        public var problem: MalformedLine
        public var description: String { "pgbench log \(file): \(problem)" }
    }

    /// pgbench's summary `tps = 1234.5 (without initial connection time)`, when its output has one.
    public static func reportedTps(in output: String) -> Double? {
        for line in output.split(separator: "\n") where line.hasPrefix("tps = ") {
            let number = line.dropFirst(6).prefix { $0.isNumber || $0 == "." }
            return Double(number)
        }
        return nil
    }
}
