// Gathers every problem found while reading one scenario file, so all are reported at once.

import Yams

/// Collects diagnostics for one file while it is read.
final class DiagnosticCollector {
    /// The file as the user named it.
    let file: String
    /// Everything found so far, in the order found.
    private(set) var diagnostics: [Diagnostic] = []

    init(file: String) { self.file = file }

    /// Whether any error (not warning) was found.
    var hasErrors: Bool { diagnostics.contains { $0.severity == .error } }

    /// The location of a node, or 1:1 when Yams gives none.
    func location(of node: Node?) -> SourceLocation {
        guard let mark = node?.mark else { return SourceLocation(file: file, line: 1, column: 1) }
        return SourceLocation(file: file, line: mark.line, column: mark.column)
    }

    /// Records an error at a node.
    func error(_ message: String, at node: Node?, path: KeyPath, suggestion: String? = nil, columnOffset: Int = 0) {
        error(message, at: location(of: node).advanced(by: columnOffset), path: path, suggestion: suggestion)
    }

    /// Records an error at a location.
    func error(_ message: String, at location: SourceLocation, path: KeyPath, suggestion: String? = nil) {
        error(message, at: location, path: path.description, suggestion: suggestion)
    }

    /// Records an error at a location, with a key path already in text form.
    func error(_ message: String, at location: SourceLocation, path: String, suggestion: String? = nil) {
        diagnostics.append(Diagnostic(location: location, keyPath: path, message: message, suggestion: suggestion))
    }

    /// The YAML tree of `text`, or nil after recording why not: `emptyMessage` for an empty document, the
    /// parser's own complaint at its line and column for a syntax error.
    func compose(_ text: String, emptyMessage: String) -> Node? {
        do {
            guard let node = try Yams.compose(yaml: text) else {
                error(emptyMessage, at: SourceLocation(file: file, line: 1, column: 1), path: .root)
                return nil
            }
            return node
        } catch {
            self.error(YAMLSyntaxError.describe(error), at: YAMLSyntaxError.location(of: error, file: file, text: text), path: .root)
            return nil
        }
    }

    /// Records a warning at a node.
    func warning(_ message: String, at node: Node?, path: KeyPath) {
        diagnostics.append(Diagnostic(
            severity: .warning, location: location(of: node), keyPath: path.description, message: message))
    }
}

/// A path of keys and indexes into the document, printed as `method[2].target`.
struct KeyPath: CustomStringConvertible {
    private var parts: [String] = []

    static let root = KeyPath()

    func key(_ name: String) -> KeyPath {
        var copy = self
        copy.parts.append(copy.parts.isEmpty ? name : "." + name)
        return copy
    }

    func index(_ i: Int) -> KeyPath {
        var copy = self
        copy.parts.append("[\(i)]")
        return copy
    }

    var description: String { parts.joined() }
}
