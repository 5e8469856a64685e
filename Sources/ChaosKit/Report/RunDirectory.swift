// One run's folder, `runs/<UTC timestamp>_<scenario>/`: the journal (run.json) written atomically after every
// step, the histories (ops.csv, events.csv), and at the end the rendered reports.

public import Foundation

/// The folder holding one run's artifacts.
public struct RunDirectory: Sendable {
    /// The folder.
    public let url: URL

    /// The run id: the folder's name, e.g. `20261127T041500Z_primary-kill`.
    public var runID: String { url.lastPathComponent }

    /// The files a run directory holds.
    public enum File: String, Sendable, CaseIterable {
        /// The scenario file as run.
        case scenario = "scenario.yaml"
        /// The journal.
        case run = "run.json"
        /// One row per write attempt.
        case ops = "ops.csv"
        /// One row per observer event.
        case events = "events.csv"
        /// The human summary.
        case summary = "summary.md"
        /// The self-contained HTML report.
        case report = "report.html"
        /// One testsuite, one testcase per hypothesis.
        case junit = "junit.xml"
        /// Per-second TPS and latency of the scenario's pgbench load (only with `workload.pgbench`).
        case throughput = "throughput.csv"
        /// One row per read attempt (only with `workload.readers`).
        case reads = "reads.csv"
        /// One row per sampled value (unless `workload.sampling: 0s`).
        case metrics = "metrics.csv"
        /// One row per bank transfer and check (only with `workload.bank`).
        case bank = "bank.csv"
    }

    /// Values never written to any of the folder's files (secrets from `${env:NAME}`): each is replaced by
    /// ``redaction``.
    public let secrets: [String]

    /// What a secret is replaced by in the run's files.
    public static let redaction = "[secret]"

    /// Wraps an existing folder (nothing is created); `secrets` are blanked out of everything written.
    public init(url: URL, secrets: [String] = []) {
        self.url = url
        self.secrets = secrets.filter { !$0.isEmpty }.sorted { $0.count > $1.count }
    }

    /// The path of one of the run's files.
    public func url(of file: File) -> URL { url.appendingPathComponent(file.rawValue) }

    /// The run id for a scenario started at `date`: `yyyyMMdd'T'HHmmss'Z'_<scenario>` (UTC), the scenario name
    /// reduced to letters, digits, `-` and `_`.
    public static func runID(scenario: String, startedAt date: Date) -> String {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "UTC")
        formatter.dateFormat = "yyyyMMdd'T'HHmmss'Z'"
        let slug = String(scenario.map { $0.isLetter || $0.isNumber || $0 == "-" || $0 == "_" ? $0 : "-" })
        return formatter.string(from: date) + "_" + (slug.isEmpty ? "run" : slug)
    }

    /// Creates `<root>/<runID>/` (and `root` if needed). A second run in the same second gets `-2`, `-3`, ….
    ///
    /// - Throws: ``ReportError`` when the folder cannot be created.
    public static func create(under root: URL, scenario: String, startedAt date: Date = Date()) throws -> RunDirectory {
        let manager = FileManager.default
        let base = runID(scenario: scenario, startedAt: date)
        do {
            try manager.createDirectory(at: root, withIntermediateDirectories: true)
            for attempt in 1...100 {
                let name = attempt == 1 ? base : "\(base)-\(attempt)"
                let candidate = root.appendingPathComponent(name, isDirectory: true)
                if manager.fileExists(atPath: candidate.path) { continue }
                try manager.createDirectory(at: candidate, withIntermediateDirectories: false)
                return RunDirectory(url: candidate)
            }
        } catch {
            throw ReportError("cannot create a run directory under \(root.path): \(error)", hint: "check that it is writable")
        }
        throw ReportError("cannot create a run directory under \(root.path): \(base) and 99 variants exist")
    }

    /// Copies the scenario file as run into `scenario.yaml`.
    public func writeScenario(copyOf file: URL) throws {
        do {
            try write(Data(contentsOf: file), to: .scenario)
        } catch let error as ReportError {
            throw error
        } catch {
            throw ReportError("cannot read the scenario \(file.path): \(error)")
        }
    }

    /// Writes the scenario's text into `scenario.yaml`.
    public func writeScenario(text: String) throws { try write(Data(text.utf8), to: .scenario) }

    /// Writes the journal, atomically (temp file + rename): call after every step, so a killed run leaves
    /// a complete, readable run.json of the last step.
    public func write(_ record: RunRecord) throws { try write(RunDirectory.encode(record), to: .run) }

    /// Writes the op history (`OpLog.csv`).
    public func writeOps(_ ops: [OpRecord]) throws { try write(Data(OpLog.csv(ops, runID: runID).utf8), to: .ops) }

    /// Writes the read history (`ReadLog.csv`).
    public func writeReads(_ reads: [ReadRecord]) throws { try write(Data(ReadLog.csv(reads, runID: runID).utf8), to: .reads) }

    /// Writes the sampled series (`MetricsLog.csv`).
    public func writeMetrics(_ samples: [MetricSample]) throws { try write(Data(MetricsLog.csv(samples, runID: runID).utf8), to: .metrics) }

    /// Writes the observer's events.
    public func writeEvents(_ events: [ClusterEvent]) throws { try write(Data(ClusterEvent.csv(events, runID: runID).utf8), to: .events) }

    /// Renders and writes summary.md, report.html and junit.xml.
    public func writeReports(_ contents: RunContents) throws {
        try write(Data(SummaryRenderer.render(contents).utf8), to: .summary)
        try write(Data(HTMLReportRenderer.render(contents).utf8), to: .report)
        try write(Data(JUnitRenderer.render(contents.record).utf8), to: .junit)
    }

    /// Writes everything at the end of a run: run.json, ops.csv, events.csv, reads.csv and metrics.csv (when there are
    /// any) and the reports. Files in `streamed` were written as the run went (``OpLog/init(streamingTo:runID:secrets:keep:)``)
    /// and are left as they are.
    public func finish(
        _ record: RunRecord, ops: [OpRecord], events: [ClusterEvent]? = nil, reads: [ReadRecord] = [], metrics: [MetricSample] = [],
        streamed: Set<File> = []
    ) throws {
        let events = events ?? record.events
        try write(record)
        if !streamed.contains(.ops) { try writeOps(ops) }
        if !reads.isEmpty, !streamed.contains(.reads) { try writeReads(reads) }
        if !metrics.isEmpty, !streamed.contains(.metrics) { try writeMetrics(metrics) }
        try writeEvents(events)
        if let throughput = record.results?.throughput { try write(Data(throughput.csv.utf8), to: .throughput) }
        try writeReports(RunContents(record: record, ops: ops, events: events, metrics: metrics))
    }

    /// Writes one of the run's files atomically (see ``writeAtomically(_:to:)``).
    func write(_ data: Data, to file: File) throws { try Self.writeAtomically(redacted(data), to: url(of: file)) }

    /// `data` with every secret replaced by ``redaction``.
    func redacted(_ data: Data) -> Data {
        guard !secrets.isEmpty else { return data }
        var text = String(decoding: data, as: UTF8.self)
        for secret in secrets { text = text.replacingOccurrences(of: secret, with: Self.redaction) }
        return Data(text.utf8)
    }

    /// Writes `data` to a uniquely named temp file next to the target, flushes it to disk, then renames it
    /// over the target: readers (and a run killed at any point) see the old or the new file, never half of one.
    static func writeAtomically(_ data: Data, to target: URL) throws {
        let temporary = target.deletingLastPathComponent().appendingPathComponent(".\(target.lastPathComponent).\(UUID().uuidString).tmp")
        do {
            guard FileManager.default.createFile(atPath: temporary.path, contents: nil) else {
                throw ReportError("cannot create \(temporary.path)")
            }
            let handle = try FileHandle(forWritingTo: temporary)
            defer { try? handle.close() }
            try handle.write(contentsOf: data)
            try handle.synchronize()
            if rename(temporary.path, target.path) != 0 {
                throw ReportError("rename failed: \(String(cString: strerror(errno)))")
            }
        } catch {
            try? FileManager.default.removeItem(at: temporary)
            throw ReportError("cannot write \(target.path): \(error)", hint: "check free space and permissions")
        }
    }

    /// run.json's encoding: pretty, sorted keys, nil fields left out.
    static func encode(_ record: RunRecord) throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        do {
            return try encoder.encode(record)
        } catch {
            throw ReportError("cannot encode run.json: \(error)")
        }
    }
}
