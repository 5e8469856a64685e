// What a run directory holds, read back: the journal, the op history and the events.

public import Foundation

/// A run as its artifacts describe it: everything the reports are rendered from.
public struct RunContents: Sendable {
    /// The journal (run.json).
    public var record: RunRecord
    /// Every write attempt (ops.csv); empty when the run was killed before writing it.
    public var ops: [OpRecord]
    /// The observer's events (events.csv, else run.json's `events`).
    public var events: [ClusterEvent]
    /// The sampled series (metrics.csv); empty when the run did not sample.
    public var metrics: [MetricSample]
    /// A game day's notes, decisions and marks (gameday.json), when the run was one.
    public var gameday: GamedayRecord?
    /// A soak's episodes and their distribution (soak.json), when the run was one.
    public var soak: SoakRecord?

    /// Bundles a run's data.
    public init(
        record: RunRecord, ops: [OpRecord], events: [ClusterEvent], metrics: [MetricSample] = [], gameday: GamedayRecord? = nil,
        soak: SoakRecord? = nil
    ) {
        self.record = record
        self.ops = ops
        self.events = events
        self.metrics = metrics
        self.gameday = gameday
        self.soak = soak
    }
}

extension RunDirectory {
    /// Reads run.json, ops.csv and events.csv back from a run folder. Missing CSVs (a killed run) read as
    /// empty; events fall back to run.json's.
    ///
    /// - Throws: ``ReportError`` when run.json is missing or unreadable, or a CSV row is malformed.
    public static func load(_ url: URL) throws -> RunContents {
        let directory = RunDirectory(url: url)
        let record = try directory.readRecord()
        let ops = try directory.readText(.ops).map { try OpLog.records(fromCSV: $0, file: directory.url(of: .ops).path) } ?? []
        let csvEvents = try directory.readText(.events).map {
            try ClusterEvent.records(fromCSV: $0, file: directory.url(of: .events).path)
        }
        let events = (csvEvents?.isEmpty ?? true) ? record.events : csvEvents ?? []
        let metrics = try directory.readText(.metrics).map { try MetricsLog.samples(fromCSV: $0, file: directory.url(of: .metrics).path) } ?? []
        return RunContents(record: record, ops: ops, events: events, metrics: metrics, gameday: try directory.readGameday(), soak: try directory.readSoak())
    }

    /// Reads gameday.json, when the run was a game day.
    ///
    /// - Throws: ``ReportError`` when the file is there but unreadable.
    public func readGameday() throws -> GamedayRecord? {
        let file = url.appendingPathComponent(GamedayRecord.fileName)
        guard let data = FileManager.default.contents(atPath: file.path) else { return nil }
        do { return try JSONDecoder().decode(GamedayRecord.self, from: data) } catch {
            throw ReportError("cannot read \(file.path): \(error)")
        }
    }

    /// Reads the journal (run.json) alone.
    ///
    /// - Throws: ``ReportError`` when run.json is missing or unreadable.
    public func readRecord() throws -> RunRecord {
        let journal = url(of: .run)
        guard let data = FileManager.default.contents(atPath: journal.path) else {
            throw ReportError("no run.json in \(url.path)", hint: "pass the folder of one run, e.g. runs/20261127T041500Z_primary-kill")
        }
        do {
            return try JSONDecoder().decode(RunRecord.self, from: data)
        } catch {
            throw ReportError("\(journal.path) is not a readable run journal: \(error)")
        }
    }

    /// A file's text, nil when it does not exist.
    func readText(_ file: File) throws -> String? {
        let path = url(of: file).path
        guard FileManager.default.fileExists(atPath: path) else { return nil }
        guard let data = FileManager.default.contents(atPath: path) else { throw ReportError("cannot read \(path)") }
        return String(decoding: data, as: UTF8.self)
    }
}

extension RunDirectory {
    /// Re-renders summary.md, report.html and junit.xml from run.json and the CSVs (`chaos report`), and a game
    /// day's minutes from gameday.json when the run was one.
    ///
    /// - Returns: what was rendered.
    @discardableResult
    public func rerender() throws -> RunContents {
        let contents = try RunDirectory.load(url)
        try writeReports(contents)
        if let gameday = contents.gameday { try writeGameday(gameday, record: contents.record, withRecord: false) }
        return contents
    }

    /// Writes a game day's minutes (gameday.md), and its record (gameday.json) unless `withRecord` is false, with
    /// the scenario's secrets redacted like every other file of the run; with the record, the reports are rendered
    /// again so that report.html's timeline shows the notes and decisions.
    public func writeGameday(_ gameday: GamedayRecord, record: RunRecord, withRecord: Bool = true) throws {
        if withRecord {
            try Self.writeAtomically(redacted(Data(try DocumentEncoding.json(gameday).utf8)), to: url.appendingPathComponent(GamedayRecord.fileName))
        }
        // The minutes first: they need nothing but the two records.
        try Self.writeAtomically(redacted(Data(GamedayMinutes.render(record: record, gameday: gameday).utf8)),
                                 to: url.appendingPathComponent(GamedayRecord.minutesFileName))
        if withRecord {
            var contents = try RunDirectory.load(url)
            contents.gameday = gameday
            try writeReports(contents)
        }
    }
}
