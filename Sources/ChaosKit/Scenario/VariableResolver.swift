// Replaces `${name}` and `${env:NAME}` in a scenario document before it is read, checking every value.

import Yams

/// A variable a scenario declares under `variables:`.
public struct VariableDeclaration: Sendable, Hashable {
    /// Its name, used as `${name}`.
    public var name: String
    /// What its values must be.
    public var type: VariableType
    /// The value used when none is given.
    public var defaultValue: String?
    /// What it is for.
    public var description: String
    /// Whether the file gave a default that was refused (reported there, not again as missing).
    var hasRefusedDefault = false
}

/// Substitutes variables into a composed scenario document. Values come from the command line (or a suite),
/// else from the declaration's default; `${env:NAME}` comes from the environment and is a secret: its value
/// is never recorded (``Scenario/secretValues`` lets artifact writers blank it out).
struct VariableResolver {
    /// The key a scenario declares its variables under.
    static let key = "variables"

    let diagnostics: DiagnosticCollector
    let members: [String]
    let settings: VariableSettings
    let environment: [String: String]
    /// Whether a given value for an undeclared variable is an error (one file), or ignored (several files
    /// share one command line, and the command checks that some file declares it).
    let requireDeclared: Bool

    /// The document with every reference replaced, and what was used.
    struct Output {
        var root: Node
        var declarations: [VariableDeclaration]
        var values: [String: String]
        var secrets: [String]
    }

    func resolve(_ root: Node) -> Output {
        let declarationNode = root.mapping?[Self.key]
        var declarations: [VariableDeclaration] = []
        var declarationNodes: [String: Node] = [:]
        if let declarationNode {
            for (declaration, node) in readDeclarations(declarationNode) {
                declarations.append(declaration)
                declarationNodes[declaration.name] = node
            }
        }
        let names = declarations.map(\.name)
        if requireDeclared {
            for (name, setting) in settings.values.sorted(by: { $0.key < $1.key }) where declarationNodes[name] == nil {
                let known = names.isEmpty ? "it declares no variables" : "it declares \(names.joined(separator: ", "))"
                report("the scenario has no variable '\(name)'; \(known)",
                       setting: setting, fallback: declarationNode ?? root, path: .root.key(Self.key), suggestion: Suggestion.closest(to: name, among: names))
            }
        }
        var values: [String: String] = [:]
        for declaration in declarations {
            let node = declarationNodes[declaration.name]
            let path = KeyPath.root.key(Self.key).key(declaration.name)
            if let setting = settings.values[declaration.name] {
                if let problem = declaration.type.problem(with: setting.value, members: members) {
                    report(problem, setting: setting, fallback: node, path: path, suggestion: nil)
                    // Go on with the default (when there is one) so the rest of the file is still checked
                    // without errors that only echo this one.
                    if let fallback = declaration.defaultValue { values[declaration.name] = fallback }
                } else {
                    values[declaration.name] = setting.value
                }
            } else if let value = declaration.defaultValue {
                values[declaration.name] = value
            } else if declaration.hasRefusedDefault {
                continue  // already reported at the default
            } else {
                diagnostics.error("variable '\(declaration.name)' has no default and no value was given; pass --var \(declaration.name)=VALUE (\(declaration.type.example))",
                                  at: node, path: path)
            }
        }
        var substitution = Substitution(values: values, declared: names, environment: environment, diagnostics: diagnostics)
        let resolved = substitution.walk(root, path: .root, isRoot: true)
        for name in names where !substitution.used.contains(name) {
            diagnostics.warning("variable '\(name)' is declared but never used as ${\(name)}", at: declarationNodes[name], path: .root.key(Self.key).key(name))
        }
        return Output(root: resolved, declarations: declarations, values: values, secrets: substitution.secrets)
    }

    /// An error at the var file's position for a value from one, else at `fallback` in the scenario with the
    /// flag named.
    private func report(_ message: String, setting: VariableSettings.Setting, fallback: Node?, path: KeyPath, suggestion: String?) {
        if let location = setting.location {
            diagnostics.error(message, at: location, path: path, suggestion: suggestion)
        } else {
            diagnostics.error("\(setting.origin): \(message)", at: fallback, path: path, suggestion: suggestion)
        }
    }

    /// Reads `variables:`: each name maps to `{type, default, description}`.
    private func readDeclarations(_ node: Node) -> [(VariableDeclaration, Node)] {
        let path = KeyPath.root.key(Self.key)
        guard case .mapping(let mapping) = node else {
            diagnostics.error("'variables' maps names to {type, default, description}, found \(YAMLFields.describe(node))", at: node, path: path)
            return []
        }
        var result: [(VariableDeclaration, Node)] = []
        for (key, value) in mapping {
            guard let name = key.scalar?.string, VariableSettings.isValidName(name) else {
                diagnostics.error("'\(key.scalar?.string ?? "?")' is not a variable name (a letter, then letters, digits or _)", at: key, path: path)
                continue
            }
            let itemPath = path.key(name)
            guard let fields = YAMLFields(value, path: itemPath, what: "a variable", into: diagnostics) else { continue }
            fields.rejectUnknownKeys(allowed: ["type", "default", "description"], context: "a variable", into: diagnostics)
            guard let typeNode = fields.value("type") else {
                diagnostics.error("variable '\(name)' needs a 'type' (\(VariableType.allCases.map(\.rawValue).joined(separator: ", ")))", at: value, path: itemPath)
                continue
            }
            guard let word = YAMLScalar.choice(typeNode, path: itemPath.key("type"), among: VariableType.allCases.map(\.rawValue), what: "variable type", into: diagnostics),
                  let type = VariableType(rawValue: word) else { continue }
            var defaultValue: String?
            var refused = false
            if let defaultNode = fields.value("default") {
                refused = true
                if let text = YAMLScalar.string(defaultNode, path: itemPath.key("default"), into: diagnostics) {
                    if let problem = type.problem(with: text, members: members) {
                        diagnostics.error(problem, at: defaultNode, path: itemPath.key("default"))
                    } else {
                        defaultValue = text
                        refused = false
                    }
                }
            }
            let description = fields.value("description").flatMap { YAMLScalar.string($0, path: itemPath.key("description"), into: diagnostics) } ?? ""
            var declaration = VariableDeclaration(name: name, type: type, defaultValue: defaultValue, description: description)
            declaration.hasRefusedDefault = refused
            result.append((declaration, key))
        }
        return result
    }
}

/// The walk over the document that replaces references in scalar values (never in keys).
private struct Substitution {
    let values: [String: String]
    let declared: [String]
    let environment: [String: String]
    let diagnostics: DiagnosticCollector
    var used: Set<String> = []
    var secrets: [String] = []

    mutating func walk(_ node: Node, path: KeyPath, isRoot: Bool = false) -> Node {
        switch node {
        case .scalar(var scalar):
            guard scalar.string.contains("$") else { return node }
            scalar.string = interpolate(scalar.string, at: node, path: path, quoted: scalar.style == .singleQuoted || scalar.style == .doubleQuoted)
            return .scalar(scalar)
        case .mapping(let mapping):
            var pairs: [(Node, Node)] = []
            for (key, value) in mapping {
                let name = key.scalar?.string ?? "?"
                if isRoot, name == VariableResolver.key {
                    pairs.append((key, value))
                } else {
                    pairs.append((key, walk(value, path: path.key(name))))
                }
            }
            return .mapping(Node.Mapping(pairs, mapping.tag, mapping.style, mapping.mark))
        case .sequence(let sequence):
            let items = sequence.enumerated().map { index, item in walk(item, path: path.index(index)) }
            return .sequence(Node.Sequence(items, sequence.tag, sequence.style, sequence.mark))
        case .alias:
            return node
        }
    }

    /// `text` with `${name}` and `${env:NAME}` replaced and `$${` kept as a literal `${`.
    private mutating func interpolate(_ text: String, at node: Node, path: KeyPath, quoted: Bool) -> String {
        let characters = Array(text)
        var result = ""
        var index = 0
        while index < characters.count {
            let character = characters[index]
            if character == "$", index + 2 < characters.count, characters[index + 1] == "$", characters[index + 2] == "{" {
                result += "${"
                index += 3
                continue
            }
            guard character == "$", index + 1 < characters.count, characters[index + 1] == "{" else {
                result.append(character)
                index += 1
                continue
            }
            let column = index + (quoted ? 1 : 0)
            guard let close = characters[(index + 2)...].firstIndex(of: "}") else {
                diagnostics.error("'${' is not closed; write ${name}, or $${ for a literal '${'", at: node, path: path, columnOffset: column)
                return text
            }
            let reference = String(characters[(index + 2)..<close])
            result += resolve(reference, at: node, path: path, column: column)
            index = close + 1
        }
        return result
    }

    /// The value of one reference, or an empty string after reporting why there is none.
    private mutating func resolve(_ reference: String, at node: Node, path: KeyPath, column: Int) -> String {
        if reference.hasPrefix("env:") {
            let name = String(reference.dropFirst(4))
            guard let value = environment[name] else {
                diagnostics.error("environment variable \(name) is not set; export it before running (it is used as a secret and never written to the run's files)",
                                  at: node, path: path, columnOffset: column)
                return ""
            }
            if !value.isEmpty { secrets.append(value) }
            return value
        }
        guard declared.contains(reference) else {
            let known = declared.isEmpty ? "declare it under 'variables:'" : "declared: \(declared.joined(separator: ", "))"
            diagnostics.error("'${\(reference)}' names no variable; \(known)", at: node, path: path,
                              suggestion: Suggestion.closest(to: reference, among: declared), columnOffset: column)
            return ""
        }
        used.insert(reference)
        return values[reference] ?? ""
    }
}
