// `chaos schema [--benchmark | --study | --soak]`: prints the scenario (benchmark, study, soak) JSON Schema; the committed
// scenarios/schema.json and the schema.json files under scenarios/benchmarks, studies and soak are this output.

import ArgumentParser
import ChaosKit

struct SchemaCommand: ParsableCommand, ConsoleCommand {
    static let configuration = CommandConfiguration(
        commandName: "schema", abstract: "Print the JSON Schema of scenario files (for editors).")

    @Flag(help: "The schema of benchmark definitions (kind: benchmark) instead; scenarios/benchmarks/schema.json is this output.")
    var benchmark = false

    @Flag(help: "The schema of study files (kind: study) instead; scenarios/studies/schema.json is this output.")
    var study = false

    @Flag(help: "The schema of soak files (kind: soak) instead; scenarios/soak/schema.json is this output.")
    var soak = false

    @OptionGroup var global: GlobalOptions

    func validate() throws {
        if [benchmark, study, soak].filter({ $0 }).count > 1 { throw ValidationError("give at most one of --benchmark, --study, --soak") }
    }

    func run() throws {
        let schema = try study ? ScenarioSchema.studyJSON() : benchmark ? ScenarioSchema.benchmarkJSON()
            : soak ? ScenarioSchema.soakJSON() : ScenarioSchema.json()
        print(schema, terminator: "")
    }
}
