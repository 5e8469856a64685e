// runs/<UTC timestamp>_suite/: suite.json (the record), summary.md and report.html (the runs linked and the
// statistics over repetitions), rewritten atomically after every run.

public import Foundation

/// The folder holding one suite's summary.
public struct SuiteDirectory: Sendable {
    /// The folder.
    public let url: URL

    /// The folder's name, `<UTC timestamp>_suite`.
    public var suiteID: String { url.lastPathComponent }

    /// Creates `<root>/<UTC timestamp>_suite/`.
    ///
    /// - Throws: ``ReportError`` when it cannot be created.
    public static func create(under root: String) throws -> SuiteDirectory {
        let folder = try RunDirectory.create(under: URL(fileURLWithPath: root, isDirectory: true), scenario: "suite")
        return SuiteDirectory(url: folder.url)
    }

    /// Wraps an existing suite folder.
    public init(url: URL) { self.url = url }

    /// Writes suite.json, summary.md and report.html.
    public func write(_ record: SuiteRecord) throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        let json: Data
        do {
            json = try encoder.encode(record)
        } catch {
            throw ReportError("cannot encode suite.json: \(error)")
        }
        try RunDirectory.writeAtomically(json, to: url.appendingPathComponent("suite.json"))
        try RunDirectory.writeAtomically(Data(SuiteSummaryRenderer.markdown(record).utf8), to: url.appendingPathComponent("summary.md"))
        try RunDirectory.writeAtomically(Data(SuiteSummaryRenderer.html(record).utf8), to: url.appendingPathComponent("report.html"))
    }

    /// Reads suite.json back.
    public func read() throws -> SuiteRecord {
        let file = url.appendingPathComponent("suite.json")
        do {
            return try JSONDecoder().decode(SuiteRecord.self, from: Data(contentsOf: file))
        } catch {
            throw ReportError("cannot read \(file.path): \(error)", hint: "is this a suite folder (runs/<timestamp>_suite)?")
        }
    }
}
