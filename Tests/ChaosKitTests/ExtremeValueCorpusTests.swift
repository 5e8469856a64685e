// No input may crash a command: the extreme-value corpus of every shipped scenario through the loader and the
// plan (in process: a trap fails the whole run loudly), and a rotating sample of it through the real
// `chaos validate`, `chaos list` and `chaos run --dry-run` (a death by signal is a failure).

import Foundation
import Testing
@testable import ChaosKit

@Suite struct ExtremeValueCorpusTests {
    static var scenarioFiles: [String] { ScenarioLibraryTests.scenarioFiles }

    @Test func theGeneratorFindsTheValuesOfEveryScenario() throws {
        let file = try #require(Self.scenarioFiles.first { $0.hasSuffix("/primary-kill.yaml") })
        let text = try String(contentsOfFile: file, encoding: .utf8)
        let lines = text.components(separatedBy: "\n")
        let found = ExtremeValueCorpus.slots(in: text).map { (lines[$0.line] as NSString).substring(with: $0.range) }
        // rate, warmup, timeout, cooldown, the wait timeouts, the hypothesis bounds and the stop condition.
        for value in ["100", "5s", "2s", "10s", "60s", "30s", "90s", "20s", "25s", "5", "5m"] {
            #expect(found.contains(value), "the corpus misses \(value) in primary-kill.yaml: \(found)")
        }
        for file in Self.scenarioFiles {
            #expect(ExtremeValueCorpus.slots(in: try String(contentsOfFile: file, encoding: .utf8)).count >= 5, "\(file)")
        }
    }

    @Test(arguments: scenarioFiles)
    func everyExtremeValueIsRefusedWithItsPositionOrPlannedSafely(_ file: String) {
        let loader = ScenarioLoader(capabilities: .everything)
        let cases = ExtremeValueCorpus.cases(for: file)
        #expect(cases.count > 50)
        for corpusCase in cases {
            let result = loader.load(text: corpusCase.text, file: file)
            if let scenario = result.scenario {
                #expect(!corpusCase.mustBeRefused, "\(corpusCase) was accepted")
                // Whatever was accepted must plan and print without trapping.
                let plan = RunPlan(scenario)
                _ = plan.estimatedTotal.description
                _ = plan.steps.map(\.summary)
                _ = scenario.hypotheses.map { $0.expression.description }
            } else {
                let errors = result.diagnostics.filter { $0.severity == .error }
                #expect(errors.contains { $0.location.line == corpusCase.line }, "\(corpusCase): no error on that line: \(errors.map(\.description))")
                #expect(errors.allSatisfy { $0.description.hasPrefix("\(file):\($0.location.line):\($0.location.column): error") })
            }
        }
    }

    static let chaosBinary = ScenarioLibraryTests.repositoryRoot.appendingPathComponent(".build/debug/chaos").path

    @Test(.enabled(if: FileManager.default.isExecutableFile(atPath: chaosBinary), "needs .build/debug/chaos (swift build)"))
    func theCommandsNeverDieOnASignal() throws {
        let directory = NSTemporaryDirectory() + "chaos-corpus-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let runner = CommandRunner()
        var checked = 0
        // One value per field, rotating: each value lands on several fields of several scenarios (~280 processes;
        // the in-process test above covers every combination).
        let sample = Self.scenarioFiles.enumerated().flatMap { index, file in
            ExtremeValueCorpus.cases(for: file, stride: ExtremeValueCorpus.valueCount, rotation: index * 11)
        }
        #expect(Set(sample.map(\.value)).count == ExtremeValueCorpus.valueCount)
        for (index, corpusCase) in sample.enumerated() {
            let file = "\(directory)/case-\(index).yaml"
            try corpusCase.text.write(toFile: file, atomically: true, encoding: .utf8)
            for arguments in [["validate", file], ["run", "--dry-run", file]] {
                let result = runner.run([Self.chaosBinary] + arguments, timeout: .seconds(30))
                #expect(result.status == 0 || result.status == 2, "\(arguments[0]) \(corpusCase): exit \(result.status) \(result.standardError)")
                if corpusCase.mustBeRefused {
                    #expect(result.status == 2, "\(arguments[0]) accepted \(corpusCase)")
                    #expect(result.standardError.contains("\(file):\(corpusCase.line):"), "\(arguments[0]) \(corpusCase): \(result.standardError)")
                }
                checked += 1
            }
            try FileManager.default.removeItem(atPath: file)
            if index % 40 == 39 || index == sample.count - 1 {
                // `list` over a folder of mutated files at once.
                for i in max(0, index - 39)...index {
                    try sample[i].text.write(toFile: "\(directory)/list-\(i).yaml", atomically: true, encoding: .utf8)
                }
                let result = runner.run([Self.chaosBinary, "list", "--scenario-directory", directory], timeout: .seconds(60))
                #expect(result.status == 0 || result.status == 2, "list: exit \(result.status) \(result.standardError)")
                for i in max(0, index - 39)...index { try? FileManager.default.removeItem(atPath: "\(directory)/list-\(i).yaml") }
                checked += 1
            }
        }
        #expect(checked > 150)
    }
}
