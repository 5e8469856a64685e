// `chaos soak FILE`: the schedule drawn from the seed, turned into a scenario whose method is the schedule (each
// fault at its time, healed after its duration, then the cluster given the recovery bound to be healthy — a
// bound missed stops the soak: everything is healed and the report written), run by the same engine as every
// scenario; then every episode measured on its own, and soak.json and soak.md written into the run folder.

import Foundation

/// Runs a soak.
public struct SoakRunner: Sendable {
    /// The engine (its platform, runs folder and progress).
    public var engine: RunEngine
    /// What this machine's kernel can do (for the faults' checks).
    public var capabilities: PlatformCapabilities

    /// A runner.
    public init(engine: RunEngine, capabilities: PlatformCapabilities = .detectLocalKernel()) {
        self.engine = engine
        self.capabilities = capabilities
    }

    /// The schedule of `definition` for `durationNs` (the file's duration when nil) from `seed`, and the scenario that
    /// runs it; throws when that scenario does not check (it is built from a checked definition, so that is a bug).
    public static func plan(_ definition: SoakDefinition, durationNs: Int64?, seed: UInt64, capabilities: PlatformCapabilities)
        throws(RunError) -> (schedule: SoakSchedule, scenario: Scenario)
    {
        let schedule = SoakSchedule.draw(definition, durationNs: durationNs ?? definition.durationNs, seed: seed)
        guard !schedule.episodes.isEmpty else {
            throw RunError("the soak's duration (\(ScenarioDuration(nanoseconds: schedule.durationNs))) leaves no room for one fault: the first starts at "
                               + "\(ScenarioDuration(nanoseconds: definition.firstFaultNs)) and needs its duration plus the recovery bound "
                               + "(\(ScenarioDuration(nanoseconds: definition.recoveryNs))) before the end", hint: "give a longer --duration")
        }
        let diagnostics = DiagnosticCollector(file: definition.file)
        let result = ScenarioLoader(capabilities: capabilities).check(
            definition.scenario(method: schedule.method(for: definition)), file: definition.file, diagnostics: diagnostics)
        guard var scenario = result.scenario else {
            throw RunError("the soak's schedule does not make a valid scenario: \(result.diagnostics.map(\.description).joined(separator: "; "))")
        }
        scenario.stopsWhenAWaitTimesOut = true
        return (schedule, scenario)
    }

    /// Runs `scenario` (from ``plan(_:durationNs:seed:capabilities:)``) and judges its episodes.
    public func run(_ scenario: Scenario, schedule: SoakSchedule, control: RunControl = RunControl()) throws -> (outcome: RunOutcome, soak: SoakRecord) {
        let memory = ResidentMemory()
        memory.start()
        // As soon as the run folder exists, soak.json holds the schedule (a partial soak): a runner killed at any
        // point leaves what `chaos report` needs to judge the episodes it recorded.
        var engine = engine
        let previous = engine.onLive
        let holdNs = scenario.workload.recoveryHold.nanoseconds
        engine.onLive = { live in
            let started = SoakRecord(
                file: scenario.file, runID: live.runID, schedule: schedule, episodes: [], distributions: [], complete: false,
                recoveryHoldNs: holdNs, bank: scenario.workload.bank)
            try? RunDirectory(url: URL(fileURLWithPath: live.directory), secrets: scenario.secretValues)
                .writeSoak(started, title: scenario.title, verdict: "RUNNING")
            previous?(live)
        }
        let run = Result { try engine.run(scenario, control: control, seed: schedule.seed) }
        let readings = memory.stop()
        let outcome = try run.get()
        let directory = RunDirectory(url: URL(fileURLWithPath: outcome.directory), secrets: scenario.secretValues)
        let contents: RunContents
        let bankRecords: [BankRecord]?
        do {
            contents = try RunDirectory.load(directory.url)
            bankRecords = try directory.readBank()
        } catch {
            throw RunError("the soak ran (\(outcome.directory)) but its history cannot be read back: \(error)")
        }
        let soak = SoakRecord.judge(
            schedule, file: scenario.file, record: outcome.record, ops: contents.ops, events: contents.events, bankRecords: bankRecords,
            bank: scenario.workload.bank,
            holdNs: holdNs, memory: readings)
        do {
            try directory.writeSoak(soak, title: scenario.title, verdict: outcome.record.verdict.rawValue.uppercased(), reports: true)
        } catch {
            throw RunError("the soak ran (\(outcome.directory)) but soak.json could not be written: \(error)", hint: "check the disk")
        }
        return (outcome, soak)
    }
}

extension RunDirectory {
    /// Whether the folder is a soak's (it has soak.json).
    public var isSoak: Bool { FileManager.default.fileExists(atPath: url.appendingPathComponent(SoakRecord.fileName).path) }

    /// Reads soak.json, when the folder is a soak's.
    ///
    /// - Throws: ``ReportError`` when it is there but unreadable.
    public func readSoak() throws -> SoakRecord? {
        let file = url.appendingPathComponent(SoakRecord.fileName)
        guard let data = FileManager.default.contents(atPath: file.path) else { return nil }
        do { return try JSONDecoder().decode(SoakRecord.self, from: data) } catch {
            throw ReportError("cannot read \(file.path): \(error)")
        }
    }

    /// Reads bank.csv, when the run had a bank.
    ///
    /// - Throws: ``ReportError`` when a row is malformed.
    public func readBank() throws -> [BankRecord]? {
        try readText(.bank).map { try BankLog.records(fromCSV: $0, file: url(of: .bank).path) }
    }

    /// Judges a soak's episodes again from run.json, ops.csv and bank.csv — a soak whose runner was killed gets the
    /// episodes it recorded — and writes soak.json and soak.md; nil when the folder is not a soak's.
    ///
    /// - Throws: ``ReportError`` when the files cannot be read or written.
    @discardableResult
    public func rejudgeSoak() throws -> SoakRecord? {
        guard let previous = try readSoak() else { return nil }
        let contents = try RunDirectory.load(url)
        let soak = SoakRecord.judge(
            previous.schedule, file: previous.file, record: contents.record, ops: contents.ops, events: contents.events, bankRecords: try readBank(),
            bank: previous.bank, holdNs: previous.recoveryHoldNs ?? PathOutages.defaultHoldNs, memory: previous.memory)
        do {
            try writeSoak(soak, title: contents.record.title, verdict: contents.record.verdict.rawValue.uppercased(), reports: true)
        } catch {
            throw ReportError("cannot write soak.json in \(url.path): \(error)")
        }
        return soak
    }

    /// Writes soak.json and soak.md (secrets redacted like every other file of the run); with `reports`, renders the
    /// run's reports again so that report.html shows the soak's distributions.
    public func writeSoak(_ soak: SoakRecord, title: String, verdict: String, reports: Bool = false) throws {
        try Self.writeAtomically(redacted(Data(try DocumentEncoding.json(soak).utf8)), to: url.appendingPathComponent(SoakRecord.fileName))
        try Self.writeAtomically(redacted(Data(SoakSummaryRenderer.render(soak, title: title, verdict: verdict).utf8)),
                                 to: url.appendingPathComponent(SoakRecord.summaryFileName))
        if reports { try writeReports(try RunDirectory.load(url)) }
    }
}
