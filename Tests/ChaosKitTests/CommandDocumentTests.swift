// The machine-readable documents (`--format json|yaml`) decode back into their types, `chaos explain` knows
// every word the validator knows, and `chaos init`'s templates validate as written.

import Foundation
import Testing
import Yams
@testable import ChaosKit

@Suite struct CommandDocumentTests {
    func roundTrip<T: Codable & Equatable>(_ value: T) throws {
        let json = try DocumentEncoding.json(value)
        #expect(try JSONDecoder().decode(T.self, from: Data(json.utf8)) == value)
        let yaml = try DocumentEncoding.yaml(value)
        #expect(try YAMLDecoder().decode(T.self, from: yaml) == value)
    }

    @Test func aRunResultCarriesVerdictMetricsAndHypotheses() throws {
        var record = SyntheticRun.record()
        record.variables = ["rate": "100"]
        let document = RunResultDocument(record: record, directory: "runs/x")
        #expect(document.verdict == record.verdict.rawValue)
        #expect(document.exitCode == (record.verdict == .passed ? 0 : 1))
        #expect(document.metrics["rpo.lost"] == .init(value: 3, unit: "count"))
        #expect(document.metrics["rto.direct"]?.unit == "s")
        #expect(document.hypotheses.count == record.hypotheses.count)
        #expect(document.variables == ["rate": "100"])
        try roundTrip(document)
        try roundTrip(SuiteResultDocument(directory: "runs/s", exitCode: 0, runs: [document]))
    }

    @Test func listingValidationAndPlanDocuments() throws {
        let loader = ScenarioLoader(capabilities: .everything)
        let library = ScenarioLibraryTests.scenarioFiles
        for file in library {
            let result = loader.load(fileAt: file)
            let entry = ScenarioListEntry(file: file, result: result)
            #expect(entry.valid && entry.estimatedSeconds ?? 0 > 0, "\(file)")
            try roundTrip(entry)
            try roundTrip(ValidationEntry(file: file, result: result))
            try roundTrip(PlanDocument(RunPlan(try #require(result.scenario))))
        }
        let broken = loader.load(text: "title: t\nmethod:\n  - fault: kil\n", file: "b.yaml")
        let entry = ValidationEntry(file: "b.yaml", result: broken)
        #expect(!entry.valid && entry.diagnostics.first?.line == 3 && entry.diagnostics.first?.suggestion == "kill")
        try roundTrip(entry)
    }

    @Test func faultDocuments() throws {
        let report = HealReport(id: "f1", summary: "kill on pg1", steps: [(.startService(node: "pg1", service: "patroni"), "ok")], healed: true)
        try roundTrip(HealDocument(report))
        try roundTrip(RecoveryDocument(heals: [report], healthySeconds: 4.5, intervention: nil))
        let record = FaultJournalRecord(event: .inject, id: "f2", kind: "partition", target: "pg1", undo: [], run: "manual", at: "2026-11-30T00:00:00Z")
        try roundTrip(FaultListDocument(journal: "/x/faults.journal", faults: [FaultListEntry(UnhealedFault(record: record))]))
    }

    @Test func explainKnowsEveryCatalogWord() {
        let words = KindCatalog.faults.names + KindCatalog.probes.names + KindCatalog.actions.names + KindCatalog.waitConditions.names
            + MetricCatalog.all.map(\.name) + VariableType.allCases.map(\.rawValue)
        for word in words {
            #expect(Explanation.text(for: word)?.contains(word) == true, "\(word)")
        }
        #expect(Set(Explanation.topics) == Set(words))
        #expect(Explanation.text(for: "partition")?.contains("groups (required)") == true)
        #expect(Explanation.text(for: "no-such-thing") == nil)
    }

    @Test func initTemplatesValidateAsWritten() throws {
        let loader = ScenarioLoader(capabilities: .everything)
        let fresh = ScenarioTemplate.fresh(name: "my-test", schema: "./schema.json")
        let result = loader.load(text: fresh, file: "my-test.yaml")
        #expect(result.diagnostics.isEmpty, "\(result.diagnostics)")
        #expect(fresh.hasPrefix("# yaml-language-server: $schema=./schema.json\n"))
        #expect(result.scenario?.variableValues == ["rate": "100", "target": "primary"])
        let source = ScenarioLibraryTests.repositoryRoot.appendingPathComponent("scenarios/primary-kill.yaml").path
        let copy = ScenarioTemplate.copy(of: try String(contentsOfFile: source, encoding: .utf8), from: source, name: "mine", schema: "./schema.json")
        #expect(copy.components(separatedBy: "yaml-language-server").count == 2)
        #expect(loader.load(text: copy, file: "mine.yaml").isValid)
    }
}
