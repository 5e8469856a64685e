// A short soak on the tests' lab: the shipped mixed soak cut to 3 min 30 s with a fixed seed (32: a primary kill,
// then the primary's disk filled), run by the same engine as every scenario; every fault measured on its own, the
// cluster healthy after each, the invariants (the bank's too) held, the history streamed, nothing left behind.

import ChaosKit
import Foundation
import Testing

extension LabSuite {
    @Suite(.serialized) struct SoakLabTests {
        let lab = LabSupport.controller()

        @Test(.timeLimit(.minutes(8))) func aShortSeededSoakMeasuresEveryFaultOnItsOwn() throws {
            let lock = LabTestLock()
            defer { withExtendedLifetime(lock) {} }
            try LabSupport.ensureDataFilesystems(lab)
            let runs = NSTemporaryDirectory() + "chaos-soak-runs-\(UUID().uuidString)"
            defer { try? FileManager.default.removeItem(atPath: runs) }
            let file = SoakTestsSupport.repository.appendingPathComponent("scenarios/soak/mixed-1h.yaml").path
            let loaded = SoakDefinitionReader.load(fileAt: file, capabilities: .detectLocalKernel())
            let definition = try #require(loaded.definition, "\(loaded.diagnostics)")
            let (schedule, scenario) = try SoakRunner.plan(definition, durationNs: 210_000_000_000, seed: 32, capabilities: .detectLocalKernel())
            try #require(schedule.episodes.count == 2, "\(schedule.episodes)")
            let (outcome, soak) = try SoakRunner(engine: RunEngine(platform: lab, runsDirectory: runs)).run(scenario, schedule: schedule)
            #expect(soak.stoppedBy == nil, "the cluster recovered within the bound after every fault: \(outcome.record.reason ?? "")")
            #expect(soak.episodes.allSatisfy { $0.outcome == "ok" && $0.recovery == "ok" }, "\(soak.episodes)")
            for episode in soak.episodes {
                #expect(episode.faultStartNs != nil && episode.paths.count == 2, "\(episode)")
                for path in episode.paths { #expect(path.rtoNs != nil && path.acked > 0, "episode \(episode.episode.number): \(path)") }
            }
            #expect(!soak.distributions.isEmpty)
            let results = try #require(outcome.record.results)
            #expect(results.singleWriter.holds && results.timelineMonotonic.holds, "\(results.singleWriter) \(results.timelineMonotonic)")
            #expect(outcome.record.verdict == .passed, "\(outcome.record.reason ?? "")")
            let directory = URL(fileURLWithPath: outcome.directory)
            let written = try JSONDecoder().decode(SoakRecord.self, from: Data(contentsOf: directory.appendingPathComponent(SoakRecord.fileName)))
            #expect(written == soak)
            let summary = try String(contentsOf: directory.appendingPathComponent(SoakRecord.summaryFileName), encoding: .utf8)
            #expect(summary.contains("## RTO per fault and path") && summary.contains("| 2 | "), "\(summary)")
            let memory = soak.memory ?? []
            #expect(memory.count >= 20 && memory.allSatisfy { $0.residentBytes > 0 }, "chaos's memory read every 10 s: \(memory)")
            let streamed = try OpLog.records(fromCSV: String(contentsOf: directory.appendingPathComponent("ops.csv"), encoding: .utf8))
            #expect(streamed.count == results.paths.reduce(0) { $0 + $1.acked + $1.failed }, "ops.csv holds every write, streamed")
            #expect(summary.contains("## Memory"))
            try LabSupport.expectNoFaultLeft(lab)
        }
    }
}

/// Where the repository is, for the soak files.
enum SoakTestsSupport {
    static let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
}
