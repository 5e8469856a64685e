// runs/<UTC timestamp>_study/: study.json, results.csv, summary.md, report.html, figures/*.svg, and the runs
// themselves under runs/, so one folder holds a whole study for the archive.

public import Foundation

/// The folder of one study.
public struct StudyDirectory: Sendable {
    /// The folder.
    public let url: URL

    /// Where the study's runs go.
    public var runsFolder: URL { url.appendingPathComponent("runs", isDirectory: true) }

    /// Creates `<root>/<UTC timestamp>_study/` and its `runs/`.
    ///
    /// - Throws: ``ReportError`` when it cannot be created.
    public static func create(under root: String) throws -> StudyDirectory {
        let folder = try RunDirectory.create(under: URL(fileURLWithPath: root, isDirectory: true), scenario: "study")
        let directory = StudyDirectory(url: folder.url)
        do { try FileManager.default.createDirectory(at: directory.runsFolder, withIntermediateDirectories: true) } catch {
            throw ReportError("cannot create \(directory.runsFolder.path): \(error)")
        }
        return directory
    }

    /// Wraps an existing study folder.
    public init(url: URL) { self.url = url }

    /// Writes study.json and everything rendered from it.
    public func write(_ record: StudyRecord) throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        let json: Data
        do { json = try encoder.encode(record) } catch { throw ReportError("cannot encode study.json: \(error)") }
        try RunDirectory.writeAtomically(json, to: url.appendingPathComponent("study.json"))
        try RunDirectory.writeAtomically(Data(StudyResultsCSV.render(record).utf8), to: url.appendingPathComponent("results.csv"))
        let analysis = StudyAnalysis(record)
        try RunDirectory.writeAtomically(Data(StudySummaryRenderer.markdown(record, analysis: analysis).utf8), to: url.appendingPathComponent("summary.md"))
        let figures = StudyFigures.render(record, analysis: analysis)
        try RunDirectory.writeAtomically(Data(StudySummaryRenderer.html(record, analysis: analysis, figures: figures).utf8), to: url.appendingPathComponent("report.html"))
        let folder = url.appendingPathComponent("figures", isDirectory: true)
        do { try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true) } catch {
            throw ReportError("cannot create \(folder.path): \(error)")
        }
        for figure in figures {
            try RunDirectory.writeAtomically(Data(figure.standalone.utf8), to: folder.appendingPathComponent(figure.fileName))
        }
    }

    /// Reads study.json back.
    ///
    /// - Throws: ``ReportError`` when it is not a study folder.
    public func read() throws -> StudyRecord {
        let file = url.appendingPathComponent("study.json")
        do {
            return try JSONDecoder().decode(StudyRecord.self, from: Data(contentsOf: file))
        } catch {
            throw ReportError("cannot read \(file.path): \(error)", hint: "is this a study folder (runs/<timestamp>_study)?")
        }
    }
}
