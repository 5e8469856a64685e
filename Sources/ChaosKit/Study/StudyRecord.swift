// study.json: the definition, the seed and run order, and one entry per finished run — enough to resume, to
// rebuild every table and figure, and to say which run produced which number.

import Foundation

/// One run of a study, finished (passed, failed, aborted) or not started (error).
public struct StudyEntry: Sendable, Codable, Equatable {
    /// Which run of the plan.
    public var key: StudyRunKey
    /// The scenario's name.
    public var scenario: String
    /// The run's folder name under the study's `runs/`; nil when it could not start.
    public var runID: String?
    /// `passed`, `failed`, `aborted` or `error` (could not start: e.g. the lab could not take the cell's settings).
    public var verdict: String
    /// Why it failed, aborted or could not start.
    public var reason: String?
    /// True when Ctrl-C cut it short: `--resume` runs it again.
    public var interrupted: Bool?
    /// Recorded metrics: durations in seconds, counts as numbers.
    public var metrics: [String: Double]
    /// The model's interval per metric, [low, high] (seconds or counts).
    public var predictions: [String: [Double]]
    /// The cluster settings the run had, in words.
    public var cluster: String
}

/// The whole study (study.json).
public struct StudyRecord: Sendable, Codable {
    /// Format version of study.json.
    public var format = 1
    /// The folder's name, `<UTC timestamp>_study`.
    public var studyID: String
    /// When it started (ISO 8601, UTC).
    public var startedAt: String
    /// When the last run ended; nil while running or when interrupted.
    public var endedAt: String?
    /// The checked definition.
    public var definition: StudyDefinition
    /// The seed of the order.
    public var seed: UInt64
    /// Every run, in the order they run.
    public var order: [StudyRunKey]
    /// Finished runs, in the order they ran.
    public var entries: [StudyEntry] = []
    /// The working directory the study started in: relative scenario paths are resolved against it on `--resume`
    /// from elsewhere (absent in study.json files written before).
    public var workingDirectory: String?

    /// Creates a record for a new study.
    public init(studyID: String, startedAt: String, definition: StudyDefinition, seed: UInt64) {
        self.studyID = studyID
        self.startedAt = startedAt
        self.definition = definition
        self.seed = seed
        order = StudyPlan.order(of: definition, seed: seed)
        workingDirectory = FileManager.default.currentDirectoryPath
    }

    /// Runs still to do: not yet run, interrupted, or not started (`error`: the cluster was busy, unhealthy or
    /// could not take the cell's settings — `--resume` tries them again).
    public var remaining: [StudyRunKey] {
        let done = Set(entries.filter { $0.interrupted != true && $0.verdict != "error" }.map(\.key))
        return order.filter { !done.contains($0) }
    }

    /// The cell of an index.
    public func cell(_ index: Int) -> StudyCell? { definition.cells.first { $0.index == index } }
}
