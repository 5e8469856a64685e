// Reading YAML nodes with positions: mappings with unknown/duplicate key checks, typed scalars.

import Yams

/// The keys of one YAML mapping, read with duplicate and unknown-key checks.
struct YAMLFields {
    /// The mapping node itself (for "missing key" positions).
    let node: Node
    /// Where it sits in the document.
    let path: KeyPath
    private var entries: [(key: String, keyNode: Node, value: Node)] = []

    /// Reads a mapping; reports and returns nil when `node` is not one.
    init?(_ node: Node, path: KeyPath, what: String, into diagnostics: DiagnosticCollector) {
        guard case .mapping(let mapping) = node else {
            diagnostics.error("\(what) must be a mapping of keys to values, found \(YAMLFields.describe(node))", at: node, path: path)
            return nil
        }
        self.node = node
        self.path = path
        for (keyNode, value) in mapping {
            guard case .scalar(let scalar) = keyNode else {
                diagnostics.error("keys must be plain words", at: keyNode, path: path)
                continue
            }
            if let first = entries.first(where: { $0.key == scalar.string }) {
                let line = first.keyNode.mark?.line ?? 0
                diagnostics.error("duplicate key '\(scalar.string)' (first at line \(line))", at: keyNode, path: path.key(scalar.string))
                continue
            }
            entries.append((scalar.string, keyNode, value))
        }
    }

    /// Every key in file order.
    var keys: [String] { entries.map(\.key) }

    /// The value of a key, if present.
    func value(_ key: String) -> Node? {
        entries.first { $0.key == key }?.value
    }

    /// The key node of a key (for positions).
    func keyNode(_ key: String) -> Node? {
        entries.first { $0.key == key }?.keyNode
    }

    /// Reports every key not in `allowed`, with a did-you-mean.
    func rejectUnknownKeys(allowed: [String], context: String, into diagnostics: DiagnosticCollector) {
        for entry in entries where !allowed.contains(entry.key) {
            diagnostics.error(
                "unknown key '\(entry.key)' in \(context)", at: entry.keyNode, path: path.key(entry.key),
                suggestion: Suggestion.closest(to: entry.key, among: allowed))
        }
    }

    /// A short description of a node's shape for messages.
    static func describe(_ node: Node) -> String {
        switch node {
        case .mapping: return "a mapping"
        case .sequence: return "a list"
        case .alias: return "an alias"
        case .scalar(let scalar):
            if scalar.style == .plain, ["", "~", "null", "Null", "NULL"].contains(scalar.string) { return "nothing" }
            return "'\(scalar.string)'"
        }
    }
}

/// Typed scalar reads that report what was expected.
enum YAMLScalar {
    /// A non-empty text scalar.
    static func string(_ node: Node, path: KeyPath, into diagnostics: DiagnosticCollector) -> String? {
        guard case .scalar(let scalar) = node else {
            diagnostics.error("expected text, found \(YAMLFields.describe(node))", at: node, path: path)
            return nil
        }
        if scalar.style == .plain, ["", "~", "null"].contains(scalar.string) {
            diagnostics.error("has no value", at: node, path: path)
            return nil
        }
        return scalar.string
    }

    /// true / false.
    static func bool(_ node: Node, path: KeyPath, into diagnostics: DiagnosticCollector) -> Bool? {
        guard let text = string(node, path: path, into: diagnostics) else { return nil }
        switch text {
        case "true", "True", "TRUE", "yes": return true
        case "false", "False", "FALSE", "no": return false
        default:
            diagnostics.error("expected true or false, found '\(text)'", at: node, path: path)
            return nil
        }
    }

    /// A whole number in a range.
    static func integer(_ node: Node, path: KeyPath, min: Int?, max: Int?, into diagnostics: DiagnosticCollector) -> Int? {
        guard let text = string(node, path: path, into: diagnostics) else { return nil }
        guard let value = Int(text) else {
            diagnostics.error("expected a whole number, found '\(text)'", at: node, path: path)
            return nil
        }
        if let min, value < min {
            diagnostics.error("must be at least \(min), found \(value)", at: node, path: path)
            return nil
        }
        if let max, value > max {
            diagnostics.error("must be at most \(max), found \(value)", at: node, path: path)
            return nil
        }
        return value
    }

    /// A duration with a unit.
    static func duration(_ node: Node, path: KeyPath, into diagnostics: DiagnosticCollector) -> ScenarioDuration? {
        guard let text = string(node, path: path, into: diagnostics) else { return nil }
        switch ScenarioDuration.parse(text) {
        case .success(let value): return value
        case .failure(let error):
            diagnostics.error(error.description, at: node, path: path)
            return nil
        }
    }

    /// One word from a fixed set.
    static func choice(
        _ node: Node, path: KeyPath, among words: [String], what: String, into diagnostics: DiagnosticCollector
    ) -> String? {
        guard let text = string(node, path: path, into: diagnostics) else { return nil }
        guard words.contains(text) else {
            diagnostics.error(
                "unknown \(what) '\(text)'; expected one of \(words.joined(separator: ", "))", at: node, path: path,
                suggestion: Suggestion.closest(to: text, among: words))
            return nil
        }
        return text
    }

    /// The items of a sequence (a single scalar is taken as a one-item list when `allowSingle`).
    static func list(_ node: Node, path: KeyPath, allowSingle: Bool = false, into diagnostics: DiagnosticCollector) -> [Node]? {
        switch node {
        case .sequence(let sequence): return Array(sequence)
        case .scalar where allowSingle: return [node]
        default:
            diagnostics.error("expected a list, found \(YAMLFields.describe(node))", at: node, path: path)
            return nil
        }
    }

    /// The column offset at which the text of a scalar starts (1 for quoted scalars).
    static func contentOffset(of node: Node) -> Int {
        guard case .scalar(let scalar) = node else { return 0 }
        switch scalar.style {
        case .singleQuoted, .doubleQuoted: return 1
        default: return 0
        }
    }
}
