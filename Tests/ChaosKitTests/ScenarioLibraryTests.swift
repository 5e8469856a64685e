// Every scenario shipped in scenarios/ validates on a platform with every capability.

import Foundation
import Testing
@testable import ChaosKit

@Suite struct ScenarioLibraryTests {
    static var repositoryRoot: URL {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    }

    static var scenarioFiles: [String] {
        (try? ScenarioLibrary.files(in: repositoryRoot.appendingPathComponent("scenarios").path)) ?? []
    }

    @Test func libraryIsNotEmptyAndHasPrimaryKill() {
        #expect(Self.scenarioFiles.contains { $0.hasSuffix("/primary-kill.yaml") })
    }

    @Test(arguments: scenarioFiles)
    func scenarioValidates(_ file: String) {
        let result = ScenarioLoader(capabilities: .detectLocalKernel()).load(fileAt: file)
        #expect(result.diagnostics.isEmpty, "\(result.diagnostics.map(\.description))")
        #expect(result.isValid)
    }

    @Test func primaryKillPlanHasTheFaultFirstAndABoundedLength() throws {
        let file = try #require(Self.scenarioFiles.first { $0.hasSuffix("/primary-kill.yaml") })
        let scenario = try #require(ScenarioLoader(capabilities: .everything).load(fileAt: file).scenario)
        let plan = RunPlan(scenario)
        #expect(plan.steps.first?.summary.hasPrefix("fault kill primary") == true)
        #expect(plan.estimatedTotal > .seconds(15))
        #expect(plan.estimatedTotal < .seconds(600))
    }
}

@Suite struct ScenarioSchemaTests {
    @Test func committedSchemaMatchesTheCatalogs() throws {
        let committed = try String(
            contentsOf: ScenarioLibraryTests.repositoryRoot.appendingPathComponent("scenarios/schema.json"), encoding: .utf8)
        #expect(committed == (try ScenarioSchema.json()), "scenarios/schema.json is stale: run `chaos schema > scenarios/schema.json`")
    }

    @Test func referenceDocumentsEveryKindAndMetric() throws {
        let doc = try String(contentsOf: ScenarioLibraryTests.repositoryRoot.appendingPathComponent("docs/scenarios.md"), encoding: .utf8)
        let catalogs: [KindCatalog] = [.faults, .probes, .actions, .waitConditions]
        for name in catalogs.flatMap(\.names) + MetricCatalog.all.map(\.name) {
            #expect(doc.contains("`\(name)`"), "docs/scenarios.md does not mention `\(name)`")
        }
    }
}
