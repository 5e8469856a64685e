// `chaos schema [--benchmark | --study]`: prints the scenario (benchmark, study) JSON Schema; the committed
// scenarios/schema.json, scenarios/benchmarks/schema.json and scenarios/studies/schema.json are this output.

import ArgumentParser
import ChaosKit

struct SchemaCommand: ParsableCommand, ConsoleCommand {
    static let configuration = CommandConfiguration(
        commandName: "schema", abstract: "Print the JSON Schema of scenario files (for editors).")

    @Flag(help: "The schema of benchmark definitions (kind: benchmark) instead; scenarios/benchmarks/schema.json is this output.")
    var benchmark = false

    @Flag(help: "The schema of study files (kind: study) instead; scenarios/studies/schema.json is this output.")
    var study = false

    @OptionGroup var global: GlobalOptions

    func run() throws {
        print(try study ? ScenarioSchema.studyJSON() : benchmark ? ScenarioSchema.benchmarkJSON() : ScenarioSchema.json(), terminator: "")
    }
}
