// `chaos explain WORD`: what a fault kind, probe, action, wait, metric or variable type is and takes.

import ArgumentParser
import ChaosKit

struct ExplainCommand: ParsableCommand, ConsoleCommand {
    static let configuration = CommandConfiguration(
        commandName: "explain",
        abstract: "Describe a fault kind, probe, action, wait condition, metric or variable type (from the validator's own catalog).",
        discussion: "Example: chaos explain partition · chaos explain rto.pgpool · chaos explain --list")

    @Argument(help: "The word to explain, e.g. kill, partition, sql, replication_lag, rto.direct, duration.",
              completion: .list(Explanation.topics))
    var word: String?

    @Flag(help: "List every word that can be explained.")
    var list = false

    @OptionGroup var global: GlobalOptions

    func run() throws {
        if list || word == nil {
            print(Explanation.topics.joined(separator: "\n"))
            return
        }
        guard let word, let text = Explanation.text(for: word) else {
            let hint = Suggestion.closest(to: word ?? "", among: Explanation.topics).map { " (did you mean '\($0)'?)" } ?? ""
            throw ValidationError("nothing is called '\(word ?? "")'\(hint); `chaos explain --list` lists every word")
        }
        print(text)
    }
}
