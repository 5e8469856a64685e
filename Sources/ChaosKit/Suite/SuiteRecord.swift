// suite.json: what `chaos run --all` / `--repeat N` ran, each run's verdict and headline figures, and the
// statistics over repetitions. Written after every run, so a killed suite still leaves a readable summary.

import Foundation

/// One run of a suite (or a scenario that could not start).
public struct SuiteRunEntry: Codable, Sendable, Equatable {
    /// The scenario's name (file name without `.yaml`), with its variable values in brackets when the suite
    /// runs the same file with different values.
    public var scenario: String
    /// The scenario file as given.
    public var scenarioFile: String
    /// The scenario's title.
    public var title: String
    /// 1-based repetition number.
    public var iteration: Int
    /// The run's folder name under the runs directory; nil when the run could not start.
    public var runID: String?
    /// `passed`, `failed`, `aborted`, `running` (killed), or `error` (could not start).
    public var verdict: String
    /// Why it failed, aborted or could not start.
    public var reason: String?
    /// Hypotheses that did not hold, as printed (`rto.direct = 21.3s < 20s ✗`).
    public var brokenHypotheses: [String]
    /// Headline figures by metric name: durations in seconds, counts as numbers (see ``SuiteMetrics``).
    public var metrics: [String: Double]
    /// The scenario variables' values in this run (absent when the scenario declares none).
    public var variables: [String: String]?
    /// 1-based attempt of this repetition (absent: the first); a later attempt runs only with `--retries`.
    public var attempt: Int?
    /// True when this attempt failed and the repetition ran again (`--retries`): it stays in the record and its
    /// statistics, but the suite's verdict is the last attempt's.
    public var retried: Bool?

    /// Builds an entry from a finished (or partial) run.
    public init(scenario: String, iteration: Int, record: RunRecord) {
        self.scenario = scenario
        scenarioFile = record.scenarioFile
        title = record.title
        self.iteration = iteration
        runID = record.runID
        verdict = record.verdict.rawValue
        reason = record.reason
        brokenHypotheses = record.hypotheses.filter { !$0.held }.map(\.line)
        metrics = SuiteMetrics.values(of: record)
        variables = record.variables
    }

    /// Builds an entry for a scenario whose run could not start.
    public init(scenario: Scenario, iteration: Int, error: String) {
        self.scenario = scenario.name
        scenarioFile = scenario.file
        title = scenario.title
        self.iteration = iteration
        runID = nil
        verdict = "error"
        reason = error
        brokenHypotheses = []
        metrics = [:]
        variables = scenario.variableValues.isEmpty ? nil : scenario.variableValues
    }

    /// Whether the run passed.
    public var passed: Bool { verdict == RunVerdict.passed.rawValue }
    /// Whether this attempt decides its repetition's verdict (it was not followed by a retry).
    public var isFinalAttempt: Bool { retried != true }
}

/// Statistics of one metric over one scenario's repetitions.
public struct MetricStatistics: Codable, Sendable, Equatable {
    /// Metric name, e.g. `rto.direct`.
    public var metric: String
    /// `s` for durations, empty for counts.
    public var unit: String
    /// How many runs measured it (a path that never recovered has no RTO).
    public var measured: Int
    /// How many runs there were.
    public var runs: Int
    /// The statistics of the measured values.
    public var statistics: SampleStatistics
}

/// One scenario's runs in a suite.
public struct ScenarioSummary: Codable, Sendable, Equatable {
    /// Scenario name.
    public var scenario: String
    /// Scenario title.
    public var title: String
    /// Runs by verdict (`passed`, `failed`, `aborted`, `error`, `running`).
    public var verdicts: [String: Int]
    /// Statistics per headline metric, in ``SuiteMetrics/headline`` order; metrics no run measured are left out.
    public var metrics: [MetricStatistics]

    /// Summarises the entries of one scenario.
    public init(scenario: String, entries: [SuiteRunEntry]) {
        self.scenario = scenario
        title = entries.first?.title ?? scenario
        verdicts = Dictionary(grouping: entries, by: \.verdict).mapValues(\.count)
        metrics = SuiteMetrics.headline.compactMap { definition in
            let values = entries.compactMap { $0.metrics[definition.name] }
            guard let statistics = SampleStatistics(values) else { return nil }
            return MetricStatistics(
                metric: definition.name, unit: definition.type == .duration ? "s" : "", measured: values.count,
                runs: entries.count, statistics: statistics)
        }
    }

    /// Whether every run of the scenario passed.
    public var allPassed: Bool { verdicts.keys.allSatisfy { $0 == RunVerdict.passed.rawValue } }
}

/// The whole suite (suite.json).
public struct SuiteRecord: Codable, Sendable {
    /// Format version of suite.json.
    public var format = 1
    /// The suite folder's name, `<UTC timestamp>_suite`.
    public var suiteID: String
    /// When the suite started (ISO 8601, UTC).
    public var startedAt: String
    /// When it ended; nil while running or when killed.
    public var endedAt: String?
    /// Repetitions per scenario.
    public var repeatCount: Int
    /// The scenario files, in the order they run.
    public var scenarioFiles: [String]
    /// Every run so far, in order.
    public var runs: [SuiteRunEntry] = []

    /// Creates an empty suite record.
    public init(suiteID: String, startedAt: String, repeatCount: Int, scenarioFiles: [String]) {
        self.suiteID = suiteID
        self.startedAt = startedAt
        self.repeatCount = repeatCount
        self.scenarioFiles = scenarioFiles
    }

    /// Per-scenario summaries, in the order scenarios first ran.
    public var scenarios: [ScenarioSummary] {
        var order: [String] = []
        for entry in runs where !order.contains(entry.scenario) { order.append(entry.scenario) }
        return order.map { name in ScenarioSummary(scenario: name, entries: runs.filter { $0.scenario == name }) }
    }

    /// The attempts that decide each repetition's verdict (every run, without `--retries`).
    public var finalRuns: [SuiteRunEntry] { runs.filter(\.isFinalAttempt) }
    /// Repetitions that passed only on a retry: (the failed attempts, the passing one). Flaky, and said so.
    public var passedOnRetry: [(failed: [SuiteRunEntry], passed: SuiteRunEntry)] {
        finalRuns.filter { $0.passed && ($0.attempt ?? 1) > 1 }.map { last in
            (runs.filter { $0.retried == true && $0.scenario == last.scenario && $0.iteration == last.iteration }, last)
        }
    }

    /// Whether every repetition passed (on its last attempt) and at least one ran.
    public var passed: Bool { !runs.isEmpty && finalRuns.allSatisfy(\.passed) }
}
