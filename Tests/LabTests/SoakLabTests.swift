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

        /// SIGKILL of `chaos soak` during its first fault: the journal holds the fault for `chaos recover`, and the run
        /// folder a partial soak that `chaos report` judges from what was recorded.
        @Test(.timeLimit(.minutes(5))) func aSoakKilledMidFaultLeavesTheJournalAndAReadablePartialReport() throws {
            let lock = LabTestLock()
            defer { withExtendedLifetime(lock) {} }
            try LabSupport.ensureDataFilesystems(lab)
            let runs = NSTemporaryDirectory() + "chaos-soak-killed-\(UUID().uuidString)"
            defer { try? FileManager.default.removeItem(atPath: runs) }
            let file = SoakTestsSupport.repository.appendingPathComponent("scenarios/soak/mixed-1h.yaml").path
            let soak = Process()
            soak.executableURL = URL(fileURLWithPath: LabSupport.chaosBinary)
            soak.arguments = ["soak", file, "--duration", "3m30s", "--seed", "32", "--runs-directory", runs]
            soak.environment = LabSupport.environment
            soak.standardOutput = FileHandle.nullDevice
            soak.standardError = FileHandle.nullDevice
            try soak.run()
            let journal = FaultJournal(stateDirectory: lab.layout.stateDirectory)
            var inEffect = false
            for _ in 0..<600 where !inEffect {
                usleep(100_000)
                inEffect = (try? journal.unhealed().isEmpty == false) ?? false
            }
            #expect(inEffect, "the first fault never showed up in the journal")
            usleep(2_000_000)
            kill(soak.processIdentifier, SIGKILL)
            soak.waitUntilExit()
            #expect(soak.terminationReason == .uncaughtSignal)
            #expect(try !journal.unhealed().isEmpty, "the killed runner's fault is left for chaos recover")
            let folder = try #require(try FileManager.default.contentsOfDirectory(atPath: runs).first { $0.contains("mixed-1h") })
            let directory = RunDirectory(url: URL(fileURLWithPath: runs).appendingPathComponent(folder))
            let started = try #require(try directory.readSoak(), "soak.json was written when the run began")
            #expect(!started.isComplete && started.schedule.episodes.count == 2)

            let recover = LabSupport.runner.run([LabSupport.chaosBinary, "recover"], environment: LabSupport.environment, timeout: .seconds(180))
            #expect(recover.succeeded, "\(recover.standardError)")
            let report = LabSupport.runner.run([LabSupport.chaosBinary, "report", directory.url.path], environment: LabSupport.environment, timeout: .seconds(60))
            #expect(report.succeeded && report.standardOutput.contains("soak: 1 of 2 faults recorded"), "\(report.standardOutput) \(report.standardError)")
            let judged = try #require(try directory.readSoak())
            #expect(!judged.isComplete && judged.episodes.first?.faultStartNs != nil, "\(judged.episodes)")
            #expect(judged.episodes.first?.paths.allSatisfy { $0.acked > 0 } == true, "ops.csv was streamed up to the kill")
            let summary = try String(contentsOf: directory.url.appendingPathComponent(SoakRecord.summaryFileName), encoding: .utf8)
            #expect(summary.contains("**Partial:**") && summary.contains("kill-primary"), "\(summary)")
            try LabSupport.expectNoFaultLeft(lab)
        }
    }
}

/// Where the repository is, for the soak files.
enum SoakTestsSupport {
    static let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
}
