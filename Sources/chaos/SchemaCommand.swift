// `chaos schema`: prints the scenario JSON Schema (the committed scenarios/schema.json is this output).

import ArgumentParser
import ChaosKit

struct SchemaCommand: ParsableCommand, ConsoleCommand {
    static let configuration = CommandConfiguration(
        commandName: "schema", abstract: "Print the JSON Schema of scenario files (for editors).")

    @OptionGroup var global: GlobalOptions

    func run() throws {
        print(try ScenarioSchema.json(), terminator: "")
    }
}
