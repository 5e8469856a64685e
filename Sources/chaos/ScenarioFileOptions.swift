// Scenario files named on the command line, or every file in scenarios/ with --all.

import ArgumentParser
import ChaosKit
import Foundation

/// The files a command works on.
struct ScenarioFileOptions: ParsableArguments {
    @Argument(help: "Scenario files.", completion: .file(extensions: ["yaml", "yml"]))
    var files: [String] = []

    @Flag(help: "Every scenario in the scenarios folder.")
    var all = false

    @Option(help: "Folder that --all reads.", completion: .directory)
    var scenarioDirectory = "scenarios"

    /// The files named, or the library's files with --all.
    func resolve() throws -> [String] {
        if all {
            do {
                return try ScenarioLibrary.files(in: scenarioDirectory)
            } catch {
                throw ValidationError("cannot list \(scenarioDirectory)/: \(error.localizedDescription); run from the repository root or pass --scenario-directory")
            }
        }
        guard !files.isEmpty else { throw ValidationError("name at least one scenario file, or use --all") }
        return files
    }
}
