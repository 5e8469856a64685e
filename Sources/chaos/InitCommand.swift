// `chaos init NAME [--from SCENARIO]`: writes a new scenario that validates, with the schema line for editors.

import ArgumentParser
import ChaosKit
import Foundation

struct InitCommand: ParsableCommand, ConsoleCommand {
    static let configuration = CommandConfiguration(
        commandName: "init",
        abstract: "Write a new scenario file: a commented template, or a copy of a library scenario (--from).",
        discussion: "Example: chaos init my-failover && chaos validate scenarios/my-failover.yaml")

    @Argument(help: "Name of the new scenario (the file is DIRECTORY/NAME.yaml).")
    var name: String

    @Option(help: "Start from this library scenario (a name such as primary-kill, or a file).", completion: .file(extensions: ["yaml", "yml"]))
    var from: String?

    @Option(help: "Folder to write into.", completion: .directory)
    var scenarioDirectory = "scenarios"

    @Flag(help: "Replace the file if it exists.")
    var force = false

    @OptionGroup var global: GlobalOptions

    func validate() throws {
        let stem = name.hasSuffix(".yaml") ? String(name.dropLast(5)) : name
        guard !stem.isEmpty, stem.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || "-_".contains($0)) }) else {
            throw ValidationError("'\(name)' is not a scenario name; use letters, digits, - and _ (e.g. my-failover)")
        }
    }

    func run() throws {
        let stem = name.hasSuffix(".yaml") ? String(name.dropLast(5)) : name
        let directory = URL(fileURLWithPath: scenarioDirectory, isDirectory: true)
        let target = directory.appendingPathComponent(stem + ".yaml")
        if FileManager.default.fileExists(atPath: target.path), !force {
            Console.error("error: \(target.path) exists; choose another name, or add --force to replace it")
            throw ExitCode.invalidInput
        }
        let schema = FileManager.default.fileExists(atPath: directory.appendingPathComponent("schema.json").path)
            ? "./schema.json" : URL(fileURLWithPath: "scenarios/schema.json").path
        let text: String
        if let from {
            let source = from.hasSuffix(".yaml") || from.contains("/") ? from : "scenarios/\(from).yaml"
            guard let original = try? String(contentsOfFile: source, encoding: .utf8) else {
                let known = (try? ScenarioLibrary.files(in: "scenarios"))?.map { URL(fileURLWithPath: $0).deletingPathExtension().lastPathComponent } ?? []
                let hint = Suggestion.closest(to: from, among: known).map { " (did you mean '\($0)'?)" } ?? ""
                throw ValidationError("--from \(from): cannot read \(source)\(hint); `chaos list` shows the library")
            }
            text = ScenarioTemplate.copy(of: original, from: source, name: stem, schema: schema)
        } else {
            text = ScenarioTemplate.fresh(name: stem, schema: schema)
        }
        do {
            try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
            try text.write(to: target, atomically: true, encoding: .utf8)
        } catch {
            Console.error("error: cannot write \(target.path): \(error.localizedDescription)")
            throw ExitCode.environmentError
        }
        print(target.path)
        Console.progress("next: chaos validate \(target.path) · chaos run \(target.path) --dry-run")
    }
}
