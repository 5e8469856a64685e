// `--format text|json|yaml` on every command that lists or reports.

import ArgumentParser
import ChaosKit

/// How a command prints its result.
enum OutputFormat: String, CaseIterable, ExpressibleByArgument {
    /// Tables and sentences for people.
    case text
    /// One JSON document (shapes in docs/output.md).
    case json
    /// The same document as YAML.
    case yaml
}

/// The `--format` option.
struct FormatOption: ParsableArguments {
    @Option(help: "Output format: text (for people), json or yaml (documents described in docs/output.md).")
    var format: OutputFormat = .text

    /// Whether the result is a document rather than text.
    var isDocument: Bool { format != .text }

    /// Prints `document` as JSON or YAML on standard output.
    func emit(_ document: some Encodable) throws {
        let text = format == .yaml ? try DocumentEncoding.yaml(document) : try DocumentEncoding.json(document)
        print(text, terminator: "")
    }
}
