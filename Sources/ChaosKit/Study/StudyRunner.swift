// `chaos study`: runs a study's plan in its seeded order on one cluster — each run's scenario given the cell's
// variables and cluster settings (the platform reconfigures before the run) — records every outcome, rewrites
// study.json, results.csv, summary.md, report.html and figures/ after each run, and picks up where an
// interrupted study stopped.

import Foundation

/// What the study runner reports as it goes.
public enum StudyEvent: Sendable {
    /// A run is about to start: its position (1-based) among the runs left, how many are left, the cell.
    case starting(key: StudyRunKey, position: Int, of: Int, cell: String)
    /// A run finished.
    case finished(RunOutcome)
    /// A run could not start (recorded as an error); the study goes on.
    case couldNotStart(key: StudyRunKey, error: String)
}

/// Runs studies.
public struct StudyRunner: Sendable {
    /// The cluster.
    public var platform: any ClusterPlatform
    /// The cluster name the user confirmed, for platforms that ask.
    public var confirmedCluster: String?
    /// What the scenarios may use.
    public var capabilities: PlatformCapabilities
    /// Progress of each run.
    public var progress: @Sendable (RunProgress) -> Void

    /// Creates a runner.
    public init(platform: any ClusterPlatform, confirmedCluster: String? = nil, capabilities: PlatformCapabilities,
                progress: @escaping @Sendable (RunProgress) -> Void = { _ in }) {
        self.platform = platform
        self.confirmedCluster = confirmedCluster
        self.capabilities = capabilities
        self.progress = progress
    }

    /// Runs every remaining run of `record` into `directory`, in order, until done or `control` is aborted.
    ///
    /// - Throws: ``ReportError`` when the study folder cannot be written.
    public func run(_ record: inout StudyRecord, in directory: StudyDirectory, control: RunControl, events: @Sendable (StudyEvent) -> Void = { _ in }) throws {
        let engine = RunEngine(platform: platform, runsDirectory: directory.runsFolder.path, confirmedCluster: confirmedCluster, progress: progress)
        let remaining = record.remaining
        let again = Set(remaining)
        record.entries.removeAll { $0.interrupted == true || ($0.verdict == "error" && again.contains($0.key)) }
        try directory.write(record)
        for (position, key) in remaining.enumerated() {
            if control.aborted != nil { break }
            guard let cell = record.cell(key.cell) else { continue }
            events(.starting(key: key, position: position + 1, of: remaining.count, cell: cell.label(record.definition.parameters)))
            let seed = record.seed &+ UInt64(record.order.firstIndex(of: key) ?? 0)
            var entry: StudyEntry
            switch scenario(for: key, cell: cell, definition: record.definition, workingDirectory: record.workingDirectory) {
            case .failure(let error):
                entry = StudyEntry(key: key, scenario: Self.name(of: key.scenario), runID: nil, verdict: "error", reason: error.message,
                                   metrics: [:], predictions: [:], cluster: "")
                events(.couldNotStart(key: key, error: error.message))
            case .success(let scenario):
                do {
                    let outcome = try engine.run(scenario, control: control, seed: seed)
                    entry = Self.entry(key: key, scenario: scenario, outcome: outcome, metrics: record.definition.recordedMetrics)
                    if control.aborted != nil && outcome.record.verdict != .passed { entry.interrupted = true }
                    events(.finished(outcome))
                } catch {
                    entry = StudyEntry(key: key, scenario: scenario.name, runID: nil, verdict: "error", reason: "\(error)",
                                       metrics: [:], predictions: [:], cluster: scenario.cluster.summary)
                    if control.aborted != nil { entry.interrupted = true }
                    events(.couldNotStart(key: key, error: "\(error)"))
                }
            }
            record.entries.append(entry)
            try directory.write(record)
        }
        if record.remaining.isEmpty { record.endedAt = FaultJournal.timestamp() }
        try directory.write(record)
    }

    /// The scenario of one run: loaded with the cell's variables, its cluster given the cell's settings.
    func scenario(for key: StudyRunKey, cell: StudyCell, definition: StudyDefinition, workingDirectory: String? = nil) -> Result<Scenario, RunError> {
        var loader = ScenarioLoader(capabilities: capabilities)
        var settings: [String: VariableSettings.Setting] = [:]
        for parameter in definition.parameters where !parameter.isClusterSetting {
            if let value = cell.values[parameter.name] { settings[parameter.name] = .init(value: value, origin: "study cell \(cell.index)", location: nil) }
        }
        loader.variables = VariableSettings(values: settings)
        // Relative to where the study started (a `--resume` from another directory still finds them).
        let file = key.scenario.hasPrefix("/") || FileManager.default.fileExists(atPath: key.scenario) || workingDirectory == nil ? key.scenario
            : URL(fileURLWithPath: workingDirectory ?? "").appendingPathComponent(key.scenario).path
        let result = loader.load(fileAt: file)
        guard var scenario = result.scenario else {
            return .failure(RunError("\(key.scenario) does not load for cell \(cell.label(definition.parameters)): "
                                       + (result.diagnostics.first?.description ?? "unknown problem")))
        }
        switch StudyClusterSetting.apply(cell, parameters: definition.parameters, to: scenario.cluster) {
        case .success(let cluster): scenario.cluster = cluster
        case .failure(let error): return .failure(error)
        }
        return .success(scenario)
    }

    static func entry(key: StudyRunKey, scenario: Scenario, outcome: RunOutcome, metrics: [String]) -> StudyEntry {
        let record = outcome.record
        var predictions: [String: [Double]] = [:]
        for prediction in record.predictions?.predictions ?? [] { predictions[prediction.metric] = [prediction.low, prediction.high] }
        return StudyEntry(
            key: key, scenario: scenario.name, runID: record.runID, verdict: record.verdict.rawValue,
            reason: record.hypotheses.first { !$0.held }?.line ?? record.reason, metrics: SuiteMetrics.values(of: record, names: metrics),
            predictions: predictions, cluster: scenario.cluster.summary)
    }

    static func name(of file: String) -> String { URL(fileURLWithPath: file).deletingPathExtension().lastPathComponent }
}
