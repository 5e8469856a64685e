// `chaos run --all` / `--repeat N`: runs scenarios one after another, each `repeatCount` times, keeps the lab
// usable between runs, and keeps runs/<ts>_suite/ (suite.json, summary.md, report.html) current after each run.

import Foundation

/// What the suite runner reports as it goes.
public enum SuiteEvent: Sendable {
    /// A run is about to start.
    case starting(scenario: Scenario, iteration: Int, of: Int)
    /// A run finished (passed, failed or aborted).
    case finished(RunOutcome)
    /// A run could not start (nothing was injected); the suite goes on with the next one.
    case couldNotStart(scenario: Scenario, error: String)
    /// The lab was not healthy between runs and was rebuilt (or could not be).
    case labRebuilt(detail: String)
    /// A repetition did not pass and runs again (`--retries`): its attempt number and why the last one failed.
    case retrying(scenario: Scenario, attempt: Int, reason: String)
}

/// The outcome of a suite.
public struct SuiteOutcome: Sendable {
    /// The suite's record (also suite.json).
    public var record: SuiteRecord
    /// The suite folder.
    public var directory: String

    /// 0 when every run passed, 1 when a hypothesis failed, 3 when a run aborted or could not start.
    public var exitCode: Int32 {
        if record.finalRuns.contains(where: { $0.verdict == "error" || $0.verdict == RunVerdict.aborted.rawValue || $0.verdict == RunVerdict.running.rawValue }) {
            return 3
        }
        return record.passed ? 0 : 1
    }
}

/// Runs a list of scenarios, each several times.
public struct SuiteRunner: Sendable {
    /// The engine running each scenario.
    public var engine: RunEngine
    /// Repetitions per scenario (≥ 1).
    public var repeatCount: Int
    /// How many times a repetition that did not pass runs again (0: never). Every attempt is kept and shown;
    /// a repetition that passes only on a retry is listed as such.
    public var retries: Int

    /// Creates a suite runner.
    public init(engine: RunEngine, repeatCount: Int, retries: Int = 0) {
        self.engine = engine
        self.repeatCount = max(1, repeatCount)
        self.retries = max(0, retries)
    }

    /// Runs every scenario `repeatCount` times, in order, each repetition up to `1 + retries` times until it
    /// passes. Stops early only when `control` is aborted (Ctrl-C).
    /// The seed of repetition `i` (0-based) is `seed + i`, so a suite is reproducible from one number.
    ///
    /// - Throws: ``ReportError`` when the suite folder cannot be written.
    public func run(_ scenarios: [Scenario], control: RunControl, seed: UInt64, events: @Sendable (SuiteEvent) -> Void = { _ in }) throws -> SuiteOutcome {
        let folder = try SuiteDirectory.create(under: engine.runsDirectory)
        var record = SuiteRecord(
            suiteID: folder.suiteID, startedAt: FaultJournal.timestamp(), repeatCount: repeatCount, scenarioFiles: scenarios.map(\.file))
        try folder.write(record)
        let labels = Self.labels(of: scenarios)
        suite: for (index, scenario) in scenarios.enumerated() {
            for iteration in 1...repeatCount {
                for attempt in 1...(retries + 1) {
                    if control.aborted != nil {
                        // Interrupted before the retry ran: the failed attempt decides its repetition after all.
                        if attempt > 1, let last = record.runs.indices.last { record.runs[last].retried = nil }
                        break suite
                    }
                    if attempt == 1 { events(.starting(scenario: scenario, iteration: iteration, of: repeatCount)) }
                    var entry: SuiteRunEntry
                    do {
                        let outcome = try engine.run(scenario, control: control, seed: seed &+ UInt64(iteration - 1))
                        entry = SuiteRunEntry(scenario: labels[index], iteration: iteration, record: outcome.record)
                        events(.finished(outcome))
                    } catch {
                        entry = SuiteRunEntry(scenario: scenario, iteration: iteration, error: "\(error)")
                        entry.scenario = labels[index]
                        events(.couldNotStart(scenario: scenario, error: "\(error)"))
                        if control.aborted == nil, let detail = rebuildIfUnhealthy(for: scenario) { events(.labRebuilt(detail: detail)) }
                    }
                    if attempt > 1 { entry.attempt = attempt }
                    let again = !entry.passed && attempt <= retries && control.aborted == nil
                    if again { entry.retried = true }
                    record.runs.append(entry)
                    try folder.write(record)
                    guard again else { break }
                    events(.retrying(scenario: scenario, attempt: attempt + 1, reason: entry.brokenHypotheses.first ?? entry.reason ?? entry.verdict))
                    if let detail = rebuildIfUnhealthy(for: scenario) { events(.labRebuilt(detail: detail)) }
                }
            }
        }
        record.endedAt = FaultJournal.timestamp()
        try folder.write(record)
        return SuiteOutcome(record: record, directory: folder.url.path)
    }

    /// The name each scenario goes by in the suite's statistics: its name, and when the same file runs with
    /// different variable values (`--var rate=50 --var rate=200`), the values too, so they are summarised apart.
    static func labels(of scenarios: [Scenario]) -> [String] {
        let settings = Dictionary(grouping: scenarios, by: \.file).mapValues { Set($0.map(\.variableValues)).count }
        return scenarios.map { scenario in
            guard settings[scenario.file, default: 1] > 1 else { return scenario.name }
            let values = scenario.variableValues.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }
            return "\(scenario.name) [\(values.joined(separator: ", "))]"
        }
    }

    /// After a run could not start: when the lab is not healthy (even after its own PgPool-II heal), rebuild it
    /// so one broken run does not fail every scenario after it. Returns what was done, nil when nothing was.
    /// Never while another measurement holds the cluster (its faults are why it is unhealthy): the rebuild takes the
    /// run lock too.
    private func rebuildIfUnhealthy(for scenario: Scenario) -> String? {
        let platform = engine.platform
        guard let lock = try? RunLock.acquire(stateDirectory: platform.stateDirectory, holder: "suite: lab rebuild") else {
            return "another measurement holds the cluster; not rebuilt"
        }
        defer { lock.release() }
        if (try? platform.waitUntilHealthy(timeout: .seconds(60))) != nil { return nil }
        let problems = platform.status().problems.joined(separator: "; ")
        do {
            try platform.rebuild(profile: scenario.cluster, progress: { _ in })
            return "the lab was not healthy (\(problems)); rebuilt it with `chaos lab reset`"
        } catch {
            return "the lab was not healthy (\(problems)) and could not be rebuilt: \(error)"
        }
    }
}
