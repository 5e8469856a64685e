// A benchmark's folder, `runs/<UTC timestamp>_bench[-<name>]/`: bench.json (rewritten after every cell),
// results.csv, timeseries.csv, summary.md, report.html, and pgbench/ with each cell's pgbench output.

public import Foundation

/// The folder holding one benchmark's artifacts.
public struct BenchDirectory: Sendable {
    /// The folder.
    public let url: URL

    /// The bench id: the folder's name.
    public var benchID: String { url.lastPathComponent }

    /// Wraps an existing folder.
    public init(url: URL) { self.url = url }

    /// The files a bench folder holds.
    public enum File: String, Sendable, CaseIterable {
        /// The record: definition, machine, every cell.
        case record = "bench.json"
        /// One row per cell.
        case results = "results.csv"
        /// One row per cell and second.
        case timeseries = "timeseries.csv"
        /// Tables for people.
        case summary = "summary.md"
        /// The self-contained HTML report with charts.
        case report = "report.html"
    }

    /// The path of one of the folder's files.
    public func url(of file: File) -> URL { url.appendingPathComponent(file.rawValue) }

    /// Whether a folder is a bench folder (it has bench.json).
    public static func isBench(_ url: URL) -> Bool {
        FileManager.default.fileExists(atPath: url.appendingPathComponent(File.record.rawValue).path)
    }

    /// Creates `<root>/<timestamp>_bench[-name]/` (a second one in the same second gets `-2`, …).
    public static func create(under root: URL, name: String, startedAt date: Date) throws -> BenchDirectory {
        let run = try RunDirectory.create(under: root, scenario: name == "ad-hoc" ? "bench" : "bench-\(name)", startedAt: date)
        return BenchDirectory(url: run.url)
    }

    /// Writes bench.json atomically.
    public func write(_ record: BenchRecord) throws {
        try RunDirectory.writeAtomically(try Self.encode(record), to: url(of: .record))
    }

    /// Reads bench.json.
    public func read() throws -> BenchRecord {
        try JSONDecoder().decode(BenchRecord.self, from: Data(contentsOf: url(of: .record)))
    }

    /// Writes results.csv, timeseries.csv, summary.md and report.html from the record.
    public func writeReports(_ record: BenchRecord) throws {
        try RunDirectory.writeAtomically(Data(BenchCSV.results(record).utf8), to: url(of: .results))
        try RunDirectory.writeAtomically(Data(BenchCSV.timeseries(record).utf8), to: url(of: .timeseries))
        try RunDirectory.writeAtomically(Data(BenchSummaryRenderer.render(record).utf8), to: url(of: .summary))
        try RunDirectory.writeAtomically(Data(BenchReportRenderer.render(record).utf8), to: url(of: .report))
    }

    static func encode(_ record: BenchRecord) throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        return try encoder.encode(record)
    }

    /// ISO 8601 UTC.
    static func timestamp(_ date: Date) -> String {
        let formatter = ISO8601DateFormatter()
        formatter.timeZone = TimeZone(identifier: "UTC")
        return formatter.string(from: date)
    }
}
