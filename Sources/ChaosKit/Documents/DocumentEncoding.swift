// How machine-readable documents are written: JSON (sorted keys, pretty) or YAML.

public import Foundation
import Yams

/// Encodes the documents `--format json|yaml` prints.
public enum DocumentEncoding {
    /// Pretty JSON with sorted keys and unescaped slashes, ending in a newline.
    public static func json(_ value: some Encodable) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        return String(decoding: try encoder.encode(value), as: UTF8.self) + "\n"
    }

    /// YAML (block style).
    public static func yaml(_ value: some Encodable) throws -> String {
        try YAMLEncoder().encode(value)
    }
}
