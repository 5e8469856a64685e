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
