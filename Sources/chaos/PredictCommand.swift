// `chaos predict FILE…`: what the failover model expects a scenario to measure, from the cluster's settings, and
// how each interval is derived (docs/predictions.md).

import ArgumentParser
import ChaosKit
import Foundation

struct PredictCommand: ParsableCommand, ConsoleCommand {
    static let configuration = CommandConfiguration(
        commandName: "predict",
        abstract: "Predict a scenario's RTO, layer timings and data loss from the cluster's settings, with their derivation.",
        discussion: "Every run records the same predictions next to its measurements (summary.md: 'Predicted from the cluster's settings').")

    @OptionGroup var scenarios: ScenarioFileOptions
    @OptionGroup var variables: VariableOptions
    @OptionGroup var output: FormatOption
    @OptionGroup var global: GlobalOptions

    func run() throws {
        let loads = try ScenarioLoading.load(try scenarios.resolve(), variables: variables, loader: ScenarioLoader(capabilities: .everything))
        var documents: [PredictionDocument] = []
        for load in loads {
            for diagnostic in load.result.diagnostics { Console.error(diagnostic.description) }
            guard let scenario = load.result.scenario else { throw ExitCode.invalidInput }
            documents.append(PredictionDocument(scenario: scenario, prediction: FailoverModel.predict(scenario)))
        }
        if output.isDocument {
            try output.emit(documents)
            return
        }
        for document in documents {
            let set = document.prediction
            print("\(document.title)  (\(document.file))")
            print("  settings: \(set.settings)")
            if let reason = set.unmodelled {
                print("  no prediction: \(reason)")
                continue
            }
            print("  \(set.situation ?? ""), counted from the fault:")
            for prediction in set.predictions {
                print("    \(prediction.metric.padding(toLength: 26, withPad: " ", startingAt: 0)) \(prediction.intervalText.padding(toLength: 14, withPad: " ", startingAt: 0)) \(prediction.derivation)")
            }
        }
    }
}
