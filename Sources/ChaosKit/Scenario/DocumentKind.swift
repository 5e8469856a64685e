// Which kind of file a YAML text is, from its top-level `kind:` line (a scenario has none; benchmarks, studies
// and soaks say so), read without parsing so that a file given to the wrong command is named at once.

import Foundation

/// The top-level `kind:` of a chaos YAML file.
enum DocumentKind {
    /// Whether `text` has a top-level line `kind: <kind>` (quotes allowed).
    static func declares(_ kind: String, in text: String) -> Bool {
        text.split(separator: "\n").contains { line in
            line.hasPrefix("kind:") && line.dropFirst(5).trimmingCharacters(in: .whitespaces).trimmingCharacters(in: CharacterSet(charactersIn: "'\"")) == kind
        }
    }
}
