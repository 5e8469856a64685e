import Foundation
import Testing
@testable import ChaosKit

/// `--retries`: every attempt is kept; the verdict of a repetition is its last attempt's, and a pass on a retry is
/// listed as flaky.
@Suite struct SuiteRetryTests {
    static func suite(secondAttemptPasses: Bool) -> SuiteRecord {
        var record = SuiteRecord(suiteID: "20261201T140000Z_suite", startedAt: "2026-12-01T14:00:00Z", repeatCount: 1, scenarioFiles: ["scenarios/primary-kill.yaml"])
        var failed = SyntheticRun.record()
        failed.runID = "20261201T140001Z_primary-kill"
        var first = SuiteRunEntry(scenario: "primary-kill", iteration: 1, record: failed)
        first.retried = true
        record.runs.append(first)
        var second = SyntheticRun.record()
        second.runID = "20261201T140101Z_primary-kill"
        if secondAttemptPasses {
            second.verdict = .passed
            second.hypotheses = []
        }
        var retry = SuiteRunEntry(scenario: "primary-kill", iteration: 1, record: second)
        retry.attempt = 2
        record.runs.append(retry)
        return record
    }

    @Test func aPassOnTheRetryPassesTheSuiteAndIsListedAsFlaky() throws {
        let record = Self.suite(secondAttemptPasses: true)
        #expect(record.passed)
        #expect(record.finalRuns.map(\.runID) == ["20261201T140101Z_primary-kill"])
        let flaky = try #require(record.passedOnRetry.first)
        #expect(flaky.failed.map(\.runID) == ["20261201T140001Z_primary-kill"] && flaky.passed.attempt == 2)
        #expect(SuiteOutcome(record: record, directory: "/x").exitCode == 0)
        let markdown = SuiteSummaryRenderer.markdown(record)
        #expect(markdown.contains("PASSED — 1 of 1 runs passed (1 only on a retry; 2 attempts)"))
        #expect(markdown.contains("## Passed only on a retry (flaky)"))
        #expect(markdown.contains("primary-kill #1 passed on attempt 2 (20261201T140101Z_primary-kill); before: 20261201T140001Z_primary-kill: failed — rpo.lost = 3 == 0 ✗"))
        #expect(markdown.contains("| primary-kill | 1 | [20261201T140001Z_primary-kill](../20261201T140001Z_primary-kill/summary.md) | failed, retried |"))
        #expect(markdown.contains("| primary-kill | 1 (attempt 2) |"))
        #expect(try #require(record.scenarios.first).verdicts == ["failed": 1, "passed": 1], "the failed attempt stays in the statistics")
    }

    @Test func twoFailuresFailTheSuite() {
        let record = Self.suite(secondAttemptPasses: false)
        #expect(!record.passed && record.passedOnRetry.isEmpty)
        #expect(SuiteOutcome(record: record, directory: "/x").exitCode == 1)
        #expect(SuiteSummaryRenderer.markdown(record).contains("FAILED — 0 of 1 runs passed (0 only on a retry; 2 attempts)"))
    }

    @Test func entriesWithoutAttemptsDecodeFromOlderSuiteFiles() throws {
        let record = Self.suite(secondAttemptPasses: true)
        var object = try #require(try JSONSerialization.jsonObject(with: try JSONEncoder().encode(record)) as? [String: Any])
        object["runs"] = (object["runs"] as? [[String: Any]] ?? []).map { $0.filter { $0.key != "attempt" && $0.key != "retried" } }
        let old = try JSONDecoder().decode(SuiteRecord.self, from: try JSONSerialization.data(withJSONObject: object))
        #expect(old.finalRuns.count == 2 && !old.passed, "without attempts every entry counts, as before")
    }
}

/// One measurement at a time per cluster.
@Suite struct RunLockTests {
    @Test func aSecondMeasurementOfTheSameClusterIsRefusedUntilTheFirstEnds() throws {
        let state = NSTemporaryDirectory() + "chaos-lock-\(UUID().uuidString)"
        let first = try RunLock.acquire(stateDirectory: state, holder: "run primary-kill")
        #expect(!FileManager.default.fileExists(atPath: state), "the lock does not create the state directory")
        do {
            _ = try RunLock.acquire(stateDirectory: state, holder: "run switchover")
            Issue.record("the second lock was granted")
        } catch {
            #expect(error.message.contains("another chaos measurement is using this cluster (run primary-kill, pid \(getpid())"), "\(error.message)")
        }
        let elsewhere = try RunLock.acquire(stateDirectory: state + "-other", holder: "run switchover")
        elsewhere.release()
        first.release()
        let again = try RunLock.acquire(stateDirectory: state, holder: "run switchover")
        again.release()
        try? FileManager.default.removeItem(atPath: RunLock.lockPath(stateDirectory: state))
        try? FileManager.default.removeItem(atPath: RunLock.lockPath(stateDirectory: state + "-other"))
    }
}

/// Each run of a suite has its own clock zero; the suite's Ctrl-C reaches it, its own stop condition stays its own.
@Suite struct RunClockTests {
    @Test func eachRunHasItsOwnZeroAndTheSuitesAbort() throws {
        let suite = RunControl()
        usleep(20_000)
        let run = suite.forRun()
        #expect(suite.clock.now() - run.clock.now() >= 15_000_000, "the run's zero is when it started, not the suite's")
        #expect(run.originWallClock.range(of: #"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}Z$"#, options: .regularExpression) != nil, "\(run.originWallClock)")
        run.abort("abort_when held")
        #expect(run.aborted == "abort_when held" && suite.aborted == nil, "a run's stop condition does not stop the suite")
        let next = suite.forRun()
        suite.abort("interrupted by SIGINT")
        #expect(next.aborted == "interrupted by SIGINT")
    }
}
