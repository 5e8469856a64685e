// Quoting for POSIX shell: a word in single quotes, each embedded quote closed, escaped and reopened.

import Foundation

/// POSIX shell quoting.
public enum ShellQuote {
    /// `value` as one shell word (`it's` → `'it'\''s'`); plain words stay as they are.
    public static func quote(_ value: String) -> String {
        let safe = value.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || "-_./:=@%+,".contains($0)) }
        if safe, !value.isEmpty { return value }
        return "'" + value.replacingOccurrences(of: "'", with: "'\\''") + "'"
    }

    /// Each word quoted, joined with spaces: a command line `sh` runs exactly as `words`.
    public static func join(_ words: [String]) -> String { words.map(quote).joined(separator: " ") }
}
