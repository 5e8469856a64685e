// `chaos list`: the scenario library as a table.

import ArgumentParser
import ChaosKit

struct ListCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "list", abstract: "List scenarios: file, title, tags, faults, duration estimate.")

    @Option(help: "Folder to list.", completion: .directory)
    var scenarioDirectory = "scenarios"

    func run() throws {
        let loader = ScenarioLoader(capabilities: .detectLocalKernel())
        let files: [String]
        do { files = try ScenarioLibrary.files(in: scenarioDirectory) } catch {
            Terminal.error("cannot list \(scenarioDirectory)/: run from the repository root or pass --scenario-directory")
            throw ExitCode.invalidInput
        }
        var rows: [[String]] = []
        for file in files {
            let result = loader.load(fileAt: file)
            guard let scenario = result.scenario else {
                rows.append([file, "(invalid: run chaos validate \(file))", "", "", ""])
                continue
            }
            let plan = RunPlan(scenario)
            rows.append([
                file, scenario.title, scenario.tags.joined(separator: ","),
                StepDescription.faultKinds(of: scenario).joined(separator: ","), "≤ \(plan.estimatedTotal)",
            ])
        }
        print(Terminal.table(["FILE", "TITLE", "TAGS", "FAULTS", "DURATION"], rows))
    }
}
