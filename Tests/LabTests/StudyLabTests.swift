// `chaos study` for real: a 2-cell × 1-repetition study on the tests' lab — the lab reconfigured per cell through
// Patroni's dynamic configuration, both runs recorded with their cell, and the study's files written.

import ChaosKit
import Foundation
import Testing

extension LabSuite {
    @Suite(.serialized) struct StudyLabTests {
        let lab = LabSupport.controller()

        @Test(.timeLimit(.minutes(10))) func aTwoCellStudyReconfiguresTheLabPerCellAndRecordsBoth() throws {
            let lock = LabTestLock()
            defer { withExtendedLifetime(lock) {} }
            try LabSupport.ensureHealthy(lab)
            defer { _ = try? lab.reconfigure(to: .labDefault) }
            let root = URL(fileURLWithPath: NSTemporaryDirectory() + "chaos-study-\(UUID().uuidString)")
            defer { try? FileManager.default.removeItem(at: root) }
            try FileManager.default.createDirectory(at: root, withIntermediateDirectories: true)
            let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            let studyFile = repository.appendingPathComponent("scenarios/studies/lab-test.yaml").path
            let load = StudyDefinitionReader.load(
                text: "version: 1\nkind: study\nscenarios: [../replica-kill.yaml]\nparameters:\n  ttl: [10, 12]\nrepetitions: 1\nseed: 5\n", file: studyFile)
            let definition = try #require(load.definition, "\(load.diagnostics)")
            let directory = try StudyDirectory.create(under: root.path)
            var record = StudyRecord(studyID: directory.url.lastPathComponent, startedAt: FaultJournal.timestamp(), definition: definition, seed: 5)
            try StudyRunner(platform: lab, capabilities: .everything).run(&record, in: directory, control: RunControl())

            #expect(record.entries.count == 2 && record.remaining.isEmpty && record.endedAt != nil)
            #expect(Set(record.entries.map(\.key.cell)) == [1, 2])
            for entry in record.entries {
                let ttl = record.cell(entry.key.cell)?.values["ttl"] ?? "?"
                #expect(entry.runID != nil && entry.verdict != "error", "\(entry.reason ?? "")")
                #expect(entry.cluster.contains("ttl \(ttl) /"), "the run had its cell's ttl \(ttl): \(entry.cluster)")
                #expect(entry.metrics["rto.direct"] != nil)
                let run = directory.runsFolder.appendingPathComponent(entry.runID ?? "none").appendingPathComponent("run.json")
                #expect(FileManager.default.fileExists(atPath: run.path), "the run's folder is inside the study's")
            }
            // The lab runs the last cell's ttl: it was set through Patroni's /config, not rebuilt.
            let last = try #require(record.cell(record.entries[1].key.cell)?.values["ttl"])
            #expect(lab.inventory()?.profile.ttl == Int(last))
            let csv = try String(contentsOf: directory.url.appendingPathComponent("results.csv"), encoding: .utf8)
            #expect(csv.contains(",1,10,replica-kill,1,") && csv.contains(",2,12,replica-kill,1,"))
            for name in ["study.json", "summary.md", "report.html"] {
                #expect(FileManager.default.fileExists(atPath: directory.url.appendingPathComponent(name).path), "\(name)")
            }
            #expect(try !FileManager.default.contentsOfDirectory(atPath: directory.url.appendingPathComponent("figures").path).isEmpty)
            #expect(try FaultJournal(stateDirectory: lab.layout.stateDirectory).unhealed().isEmpty)
        }
    }
}
