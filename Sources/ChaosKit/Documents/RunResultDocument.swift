// `chaos run --format json` (and `measure`, `compare`): one run's result as one object.

import Foundation

/// A run's result for scripts: verdict, figures, hypotheses and where the artifacts are.
public struct RunResultDocument: Codable, Sendable, Equatable {
    /// A measured figure: durations in seconds (`unit` "s"), counts (`unit` "count"), yes/no as 1/0 (`unit` "bool").
    public struct Figure: Codable, Sendable, Equatable {
        /// The value.
        public var value: Double
        /// `s`, `count` or `bool`.
        public var unit: String
    }

    /// The run id, e.g. `20261127T041500Z_primary-kill`.
    public var runID: String
    /// The scenario file.
    public var scenario: String
    /// The scenario's title.
    public var title: String
    /// `passed`, `failed`, `aborted` or `running` (a run that did not finish).
    public var verdict: String
    /// Why it failed or aborted.
    public var reason: String?
    /// The exit code `chaos run` gives this run.
    public var exitCode: Int32
    /// The artifacts folder.
    public var directory: String
    /// The seed of random target picks.
    public var seed: UInt64
    /// The scenario variables' values.
    public var variables: [String: String]
    /// Every metric the run measured, by name (see `chaos explain METRIC`).
    public var metrics: [String: Figure]
    /// Every hypothesis and whether it held.
    public var hypotheses: [ExpressionVerdict]

    /// The document of a run record kept in `directory`.
    public init(record: RunRecord, directory: String) {
        runID = record.runID
        scenario = record.scenarioFile
        title = record.title
        verdict = record.verdict.rawValue
        reason = record.reason
        exitCode = RunOutcome(record: record, directory: directory).exitCode
        self.directory = directory
        seed = record.seed
        variables = record.variables ?? [:]
        hypotheses = record.hypotheses
        var metrics: [String: Figure] = [:]
        if let results = record.results {
            for definition in MetricCatalog.all {
                switch results.value(of: definition.name) {
                case .duration(let seconds)?: metrics[definition.name] = Figure(value: seconds, unit: "s")
                case .count(let count)?: metrics[definition.name] = Figure(value: Double(count), unit: "count")
                case .boolean(let flag)?: metrics[definition.name] = Figure(value: flag ? 1 : 0, unit: "bool")
                case nil: break
                }
            }
        }
        self.metrics = metrics
    }
}

/// `chaos run --format json` with several runs (a suite): every run, and where the suite summary is.
public struct SuiteResultDocument: Codable, Sendable, Equatable {
    /// The suite folder.
    public var directory: String
    /// Runs that passed, of all.
    public var passed: Int
    /// The exit code of the suite.
    public var exitCode: Int32
    /// Every run (runs that could not start are absent; see suite.json).
    public var runs: [RunResultDocument]

    /// Creates the document.
    public init(directory: String, exitCode: Int32, runs: [RunResultDocument]) {
        self.directory = directory
        self.exitCode = exitCode
        self.runs = runs
        passed = runs.filter { $0.verdict == RunVerdict.passed.rawValue }.count
    }
}

/// `chaos report --format json`: one re-rendered folder.
public struct RenderedReportEntry: Codable, Sendable, Equatable {
    /// The folder as given.
    public var directory: String
    /// The report.html written.
    public var report: String
    /// `run` or `suite`.
    public var kind: String
    /// The run's verdict; for a suite `passed` when every run passed, else `failed`.
    public var verdict: String
    /// The run's title; for a suite "N of M runs passed".
    public var title: String

    /// Creates the entry.
    public init(directory: String, report: String, kind: String, verdict: String, title: String) {
        self.directory = directory
        self.report = report
        self.kind = kind
        self.verdict = verdict
        self.title = title
    }
}
