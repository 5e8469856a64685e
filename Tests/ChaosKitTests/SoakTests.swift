// Soaks without a cluster: the shipped soak loads; its schedule is the same for the same seed, spaced within the
// interval and ends in time; the method that runs it; refusals at file:line:col; each episode measured from a
// synthetic history, and the distribution per fault.

import Foundation
import Testing
@testable import ChaosKit

struct SoakTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    static let mixed = root.appendingPathComponent("scenarios/soak/mixed-1h.yaml").path

    static func load(_ text: String) -> SoakLoadResult { SoakDefinitionReader.load(text: text, file: "soak.yaml") }

    static let minimal = """
        version: 1
        kind: soak
        title: t
        workload: {paths: [direct], rate: 10}
        soak:
          duration: 10m
          interval: 60s..80s
          recovery: 30s
          faults:
            - name: kill-primary
              weight: 2
              fault: kill
              target: primary
              duration: 15s
            - name: switch
              weight: 1
              fault: switchover
              to: replica
            - name: never
              weight: 0
              fault: stop
              target: replica
              duration: 10s

        """

    @Test func theShippedSoakLoadsAndItsScheduleIsTheSeeds() throws {
        let loaded = SoakDefinitionReader.load(fileAt: Self.mixed)
        let definition = try #require(loaded.definition, "\(loaded.diagnostics)")
        #expect(definition.durationNs == 3_600_000_000_000 && definition.faults.count == 9)
        let first = SoakSchedule.draw(definition, durationNs: definition.durationNs, seed: 7)
        #expect(first == SoakSchedule.draw(definition, durationNs: definition.durationNs, seed: 7), "the same seed, the same schedule")
        #expect(first != SoakSchedule.draw(definition, durationNs: definition.durationNs, seed: 8))
        #expect(first.episodes.count >= 25, "an hour of faults every 90-120 s: \(first.episodes.count)")
        #expect(first.episodes.first?.startNs == definition.firstFaultNs)
        for (a, b) in zip(first.episodes, first.episodes.dropFirst()) {
            #expect(definition.intervalNs.contains(b.startNs - a.startNs))
        }
        let last = try #require(first.episodes.last)
        #expect(last.startNs + last.durationNs + definition.recoveryNs <= definition.durationNs)
        #expect(Set(first.episodes.map(\.kind)).count >= 4, "the weights draw several kinds")
        let short = SoakSchedule.draw(definition, durationNs: 200_000_000_000, seed: 7)
        #expect(short.episodes.count == 2, "\(short.episodes)")
    }

    @Test func theMethodPlacesEachFaultAtItsTimeAndWaitsForRecovery() throws {
        let definition = try #require(Self.load(Self.minimal).definition, "\(Self.load(Self.minimal).diagnostics)")
        let (schedule, scenario) = try SoakRunner.plan(definition, durationNs: nil, seed: 3, capabilities: .everything)
        #expect(!schedule.episodes.contains { $0.fault == "never" }, "a weight of 0 is never drawn")
        #expect(scenario.stopsWhenAWaitTimesOut)
        let names = scenario.method.map(\.name)
        #expect(names.count == schedule.episodes.count * 2 + 1 && names.last == "soak-end")
        for episode in schedule.episodes {
            let step = try #require(scenario.method.first { $0.name == episode.stepName })
            #expect(step.after?.nanoseconds == episode.startNs)
            let wait = try #require(scenario.method.first { $0.name == "e\(episode.number)-recovered" })
            guard case .waitFor(let condition) = wait.action else { Issue.record("\(wait) is not a wait"); continue }
            #expect(condition.kind == "healthy")
        }
        #expect(scenario.method.last?.after?.nanoseconds == 600_000_000_000)
    }

    @Test func aBadSoakIsRefusedAtItsLineAndColumn() {
        func first(_ text: String) -> String { Self.load(text).diagnostics.first?.description ?? "(accepted)" }
        let zero = Self.minimal.replacingOccurrences(of: "weight: 2", with: "weight: 0").replacingOccurrences(of: "weight: 1", with: "weight: 0")
        #expect(first(zero).contains("every weight is 0") && first(zero).hasPrefix("soak.yaml:10:"), "\(first(zero))")
        let short = Self.minimal.replacingOccurrences(of: "60s..80s", with: "40s")
        #expect(first(short).hasPrefix("soak.yaml:7:13") && first(short).contains("two faults could overlap"), "\(first(short))")
        let endless = Self.minimal.replacingOccurrences(of: "      duration: 15s\n", with: "")
        #expect(first(endless).hasPrefix("soak.yaml:10:") && first(endless).contains("give it a `duration:`"), "\(first(endless))")
        let unknownKind = Self.minimal.replacingOccurrences(of: "fault: kill", with: "fault: kil")
        #expect(first(unknownKind).hasPrefix("soak.yaml:12:"), "the scenario reader's error points into the soak file: \(first(unknownKind))")
        let unknownKey = Self.minimal.replacingOccurrences(of: "recovery: 30s", with: "recover: 30s")
        #expect(Self.load(unknownKey).diagnostics.contains { $0.message.contains("unknown key 'recover'") && $0.suggestion == "recovery" },
                "\(Self.load(unknownKey).diagnostics)")
        let withMethod = Self.minimal + "method:\n  - wait: 1s\n"
        #expect(Self.load(withMethod).diagnostics.contains { $0.message.contains("a soak has no `method:`") })
        let range = Self.minimal.replacingOccurrences(of: "60s..80s", with: "80s..60s")
        #expect(first(range).contains("from a shorter to a longer duration"), "\(first(range))")
        #expect(ScenarioLoader(capabilities: .everything).load(text: Self.minimal, file: "soak.yaml").diagnostics.first?.message.contains("chaos soak") == true,
                "a soak given to the scenario reader says what it is")
    }

    /// Three episodes (a kill, a switchover, a kill whose recovery timed out) over 200 s of writes every 100 ms on the
    /// direct path: failing from +10 s to +13 s, from +60.5 s to +62 s, and from +100 s to the end.
    static func syntheticSoak() -> (SoakSchedule, RunRecord, [OpRecord]) {
        let schedule = SoakSchedule(seed: 1, durationNs: 200_000_000_000, episodes: [
            SoakEpisode(number: 1, fault: "kill-primary", kind: "kill", startNs: 10_000_000_000, durationNs: 15_000_000_000),
            SoakEpisode(number: 2, fault: "switch", kind: "switchover", startNs: 60_000_000_000, durationNs: 0),
            SoakEpisode(number: 3, fault: "kill-primary", kind: "kill", startNs: 100_000_000_000, durationNs: 15_000_000_000),
        ])
        var record = SyntheticRun.record()
        record.workload.paths = [.direct]
        record.methodStartNs = 0
        record.methodEndNs = 200_000_000_000
        // A one-shot fault's window ends where it starts (as the engine records a switchover).
        record.faults = [FaultWindow(step: "e1-kill-primary", kind: "kill", targets: ["pg1"], startNs: 10_000_000_000, endNs: 25_000_000_000),
                         FaultWindow(step: "e2-switch", kind: "switchover", targets: ["pg2"], startNs: 60_000_000_000, endNs: 60_000_000_000),
                         FaultWindow(step: "e3-kill-primary", kind: "kill", targets: ["pg2"], startNs: 100_000_000_000, endNs: 115_000_000_000)]
        func step(_ name: String, _ end: Int64, _ outcome: String = "ok") -> StepRecord {
            StepRecord(name: name, phase: "method", summary: "", startNs: 0, endNs: end, outcome: outcome)
        }
        record.steps = [step("e1-kill-primary", 25_000_000_000), step("e1-recovered", 40_000_000_000), step("e2-switch", 60_000_000_000),
                        step("e2-recovered", 80_000_000_000), step("e3-kill-primary", 115_000_000_000),
                        step("e3-recovered", 200_000_000_000, "timed out")]
        // Writes every 100 ms; failing from +10 s to +13 s, from +60.5 s to +62 s, and from +100 s to the end.
        var ops: [OpRecord] = []
        for i in 0..<2000 {
            let end = Int64(i) * 100_000_000 + 5_000_000
            let down = (10_000_000_000..<13_000_000_000).contains(end) || (60_500_000_000..<62_000_000_000).contains(end) || end >= 100_000_000_000
            ops.append(OpRecord(path: .direct, seq: Int64(i), startNs: end - 5_000_000, endNs: end, outcome: down ? .connectionError : .ok))
        }
        return (schedule, record, ops)
    }

    @Test func eachEpisodeIsMeasuredOnItsOwn() throws {
        let synthetic = Self.syntheticSoak()
        let (schedule, ops) = (synthetic.0, synthetic.2)
        var record = synthetic.1
        try #require(record.results?.rpo != nil)
        // Lost: one write acknowledged just before the first fault (+9.905 s), one after the first recovery (+50.005 s).
        record.results?.rpo?.lost = [99, 500].map { WriteFinding(key: WriteKey(path: .direct, seq: $0), outcome: .ok, startNs: 0, endNs: 0, copies: 0) }
        let results = SoakEpisodeResults.evaluate(schedule, record: record, ops: ops, holdNs: 1_000_000_000)
        #expect(results.count == 3)
        let first = try #require(results[0].paths.first)
        #expect(abs((first.rtoNs ?? 0) - 3_000_000_000) <= 100_000_000, "\(first)")
        #expect(first.failed == 30 && first.lost == 1, "the write acknowledged just before the kill is the kill's: \(first)")
        let second = try #require(results[1].paths.first)
        #expect(abs((second.rtoNs ?? 0) - 2_000_000_000) <= 100_000_000, "a one-shot fault's outage is its own, not after recovery: \(second)")
        #expect(second.lost == 1 && second.failed == 15, "\(second)")
        #expect(results[2].paths.first?.rtoNs == nil && results[2].recovery == "timed out")
        let counted: Int = results.reduce(0) { sum, result in sum + (result.paths.first.map { $0.acked + $0.failed } ?? 0) }
        // The observer saw pg2 promoted 9.5 s after the first kill: that episode's layers say so, the others' do not.
        let events = [ClusterEvent(timeNs: 1_000_000_000, kind: .roleChanged, source: "patroni:pg1", member: "pg1", to: "primary"),
                      ClusterEvent(timeNs: 19_500_000_000, kind: .roleChanged, source: "patroni:pg2", member: "pg2", from: "replica", to: "primary")]
        let layered = SoakEpisodeResults.evaluate(schedule, record: record, ops: ops, holdNs: 1_000_000_000, events: events)
        #expect(layered[0].layers?.promotionNs == 9_500_000_000 && layered[0].layers?.oldPrimary == "pg1", "\(String(describing: layered[0].layers))")
        #expect(layered[1].layers?.promotionNs == nil && layered[0].singleWriter == true)
        #expect(counted == ops.count, "every write belongs to exactly one episode")
        var unread = record
        unread.results?.rpo = nil
        #expect(SoakEpisodeResults.evaluate(schedule, record: unread, ops: ops, holdNs: 1_000_000_000)[0].paths.first?.lost == nil)
        let distributions = SoakEpisodeResults.distributions(results)
        let kills = try #require(distributions.first { $0.fault == "kill-primary" })
        #expect(kills.recovered == 1 && kills.notRecovered == 1 && kills.medianNs == first.rtoNs)
        #expect(distributions.first { $0.fault == "switch" }?.recovered == 1)
        #expect(SoakEpisodeResults.percentile([1, 2, 3, 4, 5, 6, 7, 8, 9, 10], 0.95) == 10)
        #expect(SoakEpisodeResults.percentile([1, 2, 3, 4, 5, 6, 7, 8, 9, 10], 0.5) == 5)
        let summary = SoakSummaryRenderer.render(
            SoakRecord(file: "s", runID: "r", schedule: schedule, episodes: results, distributions: distributions, stoppedBy: 3),
            title: "t", verdict: "ABORTED")
        #expect(summary.contains("stopped at episode 3") && summary.contains("episode 3 (kill-primary, +100.0 s): recovery timed out"), "\(summary)")
        #expect(summary.contains("1 acknowledged writes lost on direct"), "\(summary)")
    }

    @Test func aSoakWithNoRoomForAFaultIsRefusedAndReservedNamesToo() throws {
        let definition = try #require(Self.load(Self.minimal).definition)
        #expect(throws: RunError.self) { try SoakRunner.plan(definition, durationNs: 30_000_000_000, seed: 1, capabilities: .everything) }
        let reserved = Self.minimal.replacingOccurrences(of: "name: switch", with: "name: recovered")
        #expect(Self.load(reserved).diagnostics.contains { $0.message.contains("reserved") })
        let timed = Self.minimal.replacingOccurrences(of: "      to: replica\n", with: "      to: replica\n      background: true\n")
        #expect(Self.load(timed).diagnostics.contains { $0.message.contains("has no `background:`") }, "\(Self.load(timed).diagnostics)")
    }
}

@Suite struct SoakMemoryTests {
    @Test func memoryIsSummedUpFromTenMinutesOnAndTheAnalysisApart() {
        let mb: Int64 = 1_048_576
        let readings = [(0.0, 20), (60, 40), (600, 50), (1_800, 52), (3_605, 55), (3_630, 500), (3_700, 300)]
            .map { MemoryReading(seconds: $0.0, residentBytes: Int64($0.1) * mb) }
        let text = SoakSummaryRenderer.memorySection(readings, durationSeconds: 3_600)
        #expect(text.contains("20.0 MB at the start, 40.0 MB at 60 s, 50.0 MB at 10 min"), "\(text)")
        #expect(text.contains("55.0 MB at the end of the soak (3605 s): 5.0 MB more than at 10 min; at most 55.0 MB while measuring"), "\(text)")
        #expect(text.contains("took it to 500.0 MB; 300.0 MB after it"), "\(text)")
        #expect(SoakSummaryRenderer.memorySection([], durationSeconds: 60).isEmpty)
    }

    @Test func theProcessKnowsItsResidentMemory() {
        let bytes = ResidentMemory.current()
        #expect(bytes != nil && bytes! > 1_000_000)
    }
}

@Suite struct SoakSchemaTests {
    @Test func theSoakSchemaIsCurrentAndNamesEveryFaultWithAWeight() throws {
        let committed = try String(contentsOf: ScenarioLibraryTests.repositoryRoot.appendingPathComponent("scenarios/soak/schema.json"), encoding: .utf8)
        #expect(committed == (try ScenarioSchema.soakJSON()), "scenarios/soak/schema.json is stale: run `chaos schema --soak > scenarios/soak/schema.json`")
        #expect(committed.contains("\"weight\"") && committed.contains("\"const\" : \"soak\""))
        #expect(!committed.contains("\"method\" :"))
    }
}

@Suite struct SoakReportTests {
    @Test func histogramBinsAreOneSecondUnlessTheValuesSpreadWider() {
        let narrow = SoakHistogram(values: [1_200_000_000, 1_800_000_000, 3_100_000_000])
        #expect(narrow.lowNs == 1_000_000_000 && narrow.widthNs == 1_000_000_000 && narrow.counts == [2, 0, 1])
        let wide = SoakHistogram(values: [0, 100_000_000_000])
        #expect(wide.widthNs == 5_000_000_000 && wide.counts.count == 21 && wide.counts.reduce(0, +) == 2)
        #expect(SoakHistogram(values: []).counts.isEmpty)
    }

    @Test func aKilledSoakIsJudgedAgainFromWhatItRecorded() throws {
        let (schedule, finished, ops) = SoakTests.syntheticSoak()
        let folder = URL(fileURLWithPath: NSTemporaryDirectory() + "chaos-soak-report-\(UUID().uuidString)", isDirectory: true)
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        // The runner died during the third episode: run.json says running, soak.json holds the schedule only.
        var record = finished
        record.verdict = .running
        record.results = nil
        let directory = RunDirectory(url: folder)
        try directory.writeScenario(text: "version: 1\ntitle: soak\n")
        try directory.finish(record, ops: ops)
        let started = SoakRecord(file: "s.yaml", runID: record.runID, schedule: schedule, episodes: [], distributions: [], complete: false,
                                 recoveryHoldNs: 1_000_000_000)
        try directory.writeSoak(started, title: "soak", verdict: "RUNNING")
        #expect(try String(contentsOf: folder.appendingPathComponent("soak.md"), encoding: .utf8).contains("**Partial:**"))

        let judged = try #require(try directory.rejudgeSoak())
        #expect(judged.episodes.count == 3 && !judged.isComplete)
        #expect(abs((judged.episodes[0].paths.first?.rtoNs ?? 0) - 3_000_000_000) <= 100_000_000)
        let summary = try String(contentsOf: folder.appendingPathComponent("soak.md"), encoding: .utf8)
        #expect(summary.contains("**Partial:**") && summary.contains("## RTO histograms") && summary.contains("**kill-primary** on direct"), "\(summary)")
        let html = try String(contentsOf: directory.url(of: .report), encoding: .utf8)
        #expect(html.contains("Soak: RTO per fault") && html.contains("<svg class=\"histogram\""))
        #expect(try RunDirectory.load(folder).soak == judged)
    }

    @Test func soaksCompareFaultByFaultWithTheFirstAsTheReference() {
        let (schedule, record, ops) = SoakTests.syntheticSoak()
        let a = SoakRecord.judge(schedule, file: "a", record: record, ops: ops, bankRecords: nil, bank: nil, holdNs: 1_000_000_000, memory: nil)
        // B: the same soak with every outage twice as long.
        let slower = ops.map { op -> OpRecord in
            var op = op
            if (13_000_000_000..<16_000_000_000).contains(op.endNs) { op.outcome = .connectionError }
            return op
        }
        let b = SoakRecord.judge(schedule, file: "b", record: record, ops: slower, bankRecords: nil, bank: nil, holdNs: 1_000_000_000, memory: nil)
        let comparison = SoakComparison([(a, "passed"), (b, "failed")])
        let rows = comparison.table()
        #expect(rows[0].contains("B/A median"))
        let kill = rows.first { $0.first == "kill-primary" } ?? []
        #expect(kill.last == "2.00", "\(rows)")
        #expect(comparison.text().contains("A: ") && comparison.markdown().contains("| fault | path |"))
    }

    @Test func bankChecksThatSawMoneyMissingBelongToTheirEpisode() {
        let (schedule, record, ops) = SoakTests.syntheticSoak()
        var spec = BankSpec()
        spec.accounts = 2
        spec.balance = 50
        let checks = [(11_000_000_000, 100), (12_000_000_000, 90), (61_000_000_000, 100)].enumerated().map { index, check in
            BankRecord(kind: .check, path: .direct, client: "direct-check", seq: Int64(index + 1), startNs: Int64(check.0), endNs: Int64(check.0),
                       outcome: .ok, accounts: 2, total: Int64(check.1), minimum: 0)
        }
        let soak = SoakRecord.judge(schedule, file: "s", record: record, ops: ops, bankRecords: checks, bank: spec, holdNs: 1_000_000_000, memory: nil)
        #expect(soak.episodes.map(\.bankViolations) == [1, 0, 0])
        #expect(SoakSummaryRenderer.render(soak, title: "t", verdict: "FAILED").contains("1 bank checks in this episode's window"))
    }
}
