// `chaos schema [--benchmark]`: prints the scenario (or benchmark) JSON Schema; the committed
// scenarios/schema.json and scenarios/benchmarks/schema.json are this output.

import ArgumentParser
import ChaosKit

struct SchemaCommand: ParsableCommand, ConsoleCommand {
    static let configuration = CommandConfiguration(
        commandName: "schema", abstract: "Print the JSON Schema of scenario files (for editors).")

    @Flag(help: "The schema of benchmark definitions (kind: benchmark) instead; scenarios/benchmarks/schema.json is this output.")
    var benchmark = false

    @OptionGroup var global: GlobalOptions

    func run() throws {
        print(try benchmark ? ScenarioSchema.benchmarkJSON() : ScenarioSchema.json(), terminator: "")
    }
}
