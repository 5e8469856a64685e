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
        let run = Result { try engine.run(scenario, control: control, seed: schedule.seed) }
        let readings = memory.stop()
        let outcome = try run.get()
        let contents: RunContents
        do {
            contents = try RunDirectory.load(URL(fileURLWithPath: outcome.directory))
        } catch {
            throw RunError("the soak ran (\(outcome.directory)) but its history cannot be read back: \(error)")
        }
        let episodes = SoakEpisodeResults.evaluate(schedule, record: outcome.record, ops: contents.ops, holdNs: scenario.workload.recoveryHold.nanoseconds)
        let stoppedBy = episodes.first { $0.recovery == "timed out" }?.episode.number
        let soak = SoakRecord(file: scenario.file, runID: outcome.record.runID, schedule: schedule, episodes: episodes,
                              distributions: SoakEpisodeResults.distributions(episodes), stoppedBy: stoppedBy,
                              memory: readings)
        let directory = RunDirectory(url: URL(fileURLWithPath: outcome.directory), secrets: scenario.secretValues)
        do {
            try directory.writeSoak(soak, title: scenario.title, verdict: outcome.record.verdict.rawValue.uppercased())
        } catch {
            throw RunError("the soak ran (\(outcome.directory)) but soak.json could not be written: \(error)", hint: "check the disk")
        }
        return (outcome, soak)
    }
}

extension RunDirectory {
    /// Writes soak.json and soak.md (secrets redacted like every other file of the run).
    public func writeSoak(_ soak: SoakRecord, title: String, verdict: String) throws {
        try Self.writeAtomically(redacted(Data(try DocumentEncoding.json(soak).utf8)), to: url.appendingPathComponent(SoakRecord.fileName))
        try Self.writeAtomically(redacted(Data(SoakSummaryRenderer.render(soak, title: title, verdict: verdict).utf8)),
                                 to: url.appendingPathComponent(SoakRecord.summaryFileName))
    }
}
