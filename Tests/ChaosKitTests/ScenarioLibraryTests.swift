// Every scenario shipped in scenarios/ validates on a platform with every capability.

import Foundation
import Testing
@testable import ChaosKit

@Suite struct ScenarioLibraryTests {
    static var repositoryRoot: URL {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    }

    /// The shipped scenarios. A listing error becomes one case that fails (a file that does not exist), never
    /// zero cases that pass.
    static var scenarioFiles: [String] {
        let directory = repositoryRoot.appendingPathComponent("scenarios").path
        return (try? ScenarioLibrary.files(in: directory)) ?? ["\(directory)/(the scenarios folder could not be listed)"]
    }

    @Test func libraryIsNotEmptyAndHasPrimaryKill() {
        #expect(Self.scenarioFiles.contains { $0.hasSuffix("/primary-kill.yaml") })
        #expect(Self.scenarioFiles.count >= 14)
    }

    /// Validated against a platform that can do everything, so the result does not depend on this host's
    /// kernel (which faults a kernel lacks is `kernelConfigDecidesCapabilities`'s business).
    @Test(arguments: scenarioFiles)
    func scenarioValidates(_ file: String) {
        let result = ScenarioLoader(capabilities: .everything).load(fileAt: file)
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

@Suite struct BenchmarkLibraryTests {
    static var benchmarkFiles: [String] {
        let directory = ScenarioLibraryTests.repositoryRoot.appendingPathComponent("scenarios/benchmarks").path
        return (try? ScenarioLibrary.files(in: directory)) ?? ["\(directory)/(the benchmarks folder could not be listed)"]
    }

    @Test func theStudysDefinitionsShip() {
        #expect(Self.benchmarkFiles.contains { $0.hasSuffix("/ha-cost.yaml") })
        #expect(Self.benchmarkFiles.contains { $0.hasSuffix("/ha-cost-sync.yaml") })
    }

    @Test(arguments: benchmarkFiles)
    func definitionValidates(_ file: String) {
        let result = BenchDefinitionReader.load(fileAt: file)
        #expect(result.diagnostics.filter { $0.severity == .error }.isEmpty, "\(result.diagnostics.map(\.description))")
        #expect(result.definition != nil)
    }

    @Test func aBenchmarkGivenToTheScenarioLoaderIsSentToChaosBench() throws {
        let file = try #require(Self.benchmarkFiles.first { $0.hasSuffix("/ha-cost.yaml") })
        let result = ScenarioLoader(capabilities: .everything).load(fileAt: file)
        #expect(!result.isValid)
        #expect(result.diagnostics.first?.message.contains("chaos bench") == true)
    }

    @Test func committedBenchmarkSchemaIsCurrent() throws {
        let committed = try String(
            contentsOf: ScenarioLibraryTests.repositoryRoot.appendingPathComponent("scenarios/benchmarks/schema.json"), encoding: .utf8)
        #expect(committed == (try ScenarioSchema.benchmarkJSON()), "scenarios/benchmarks/schema.json is stale: run `chaos schema --benchmark > scenarios/benchmarks/schema.json`")
    }
}
