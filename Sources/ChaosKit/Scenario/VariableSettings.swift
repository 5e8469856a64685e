// Values given to a scenario's variables from outside the file: `--var NAME=VALUE` and `--var-file FILE`.

import Foundation
import Yams

/// The values a command line gives a scenario's variables. A `--var-file` is read first and every `--var`
/// overrides it; a name given by several `--var` flags makes one set of values per value (a small sweep).
public struct VariableSettings: Sendable, Hashable {
    /// One value and where it came from.
    public struct Setting: Sendable, Hashable {
        /// The value as text.
        public var value: String
        /// Where it was given: `--var rate=50`, or `vars.yaml:3:7`.
        public var origin: String
        /// The position in a var file, when it came from one.
        public var location: SourceLocation?
    }

    /// The values by variable name.
    public var values: [String: Setting]

    /// No values: every variable takes its default.
    public static let none = VariableSettings(values: [:])

    /// Creates settings.
    public init(values: [String: Setting]) { self.values = values }

    /// Why a `--var` or `--var-file` cannot be used, naming the flag or file:line:col.
    public struct Problem: Error, Sendable, CustomStringConvertible {
        /// What is wrong and what to do.
        public var description: String
    }

    /// The sets of values `--var-file` files and `--var` flags give: one set, or one per value of a name given
    /// several times with `--var` (in the order given; several such names combine as every pair).
    public static func parse(flags: [String], files: [String]) -> Result<[VariableSettings], Problem> {
        var base: [String: Setting] = [:]
        for file in files {
            switch readFile(file) {
            case .success(let values): base.merge(values) { _, new in new }
            case .failure(let problem): return .failure(problem)
            }
        }
        var fromFlags: [(name: String, settings: [Setting])] = []
        for flag in flags {
            guard let equals = flag.firstIndex(of: "=") else {
                return .failure(Problem(description: "--var \(flag): write NAME=VALUE, e.g. --var rate=50"))
            }
            let name = String(flag[..<equals])
            guard isValidName(name) else {
                return .failure(Problem(description: "--var \(flag): '\(name)' is not a variable name (letters, digits and _, starting with a letter)"))
            }
            let setting = Setting(value: String(flag[flag.index(after: equals)...]), origin: "--var \(flag)")
            if let index = fromFlags.firstIndex(where: { $0.name == name }) {
                fromFlags[index].settings.append(setting)
            } else {
                fromFlags.append((name, [setting]))
            }
        }
        var combinations = [base]
        for (name, settings) in fromFlags {
            combinations = combinations.flatMap { partial in
                settings.map { setting in partial.merging([name: setting]) { _, new in new } }
            }
        }
        return .success(combinations.map(VariableSettings.init(values:)))
    }

    /// Whether `name` can name a variable: a letter, then letters, digits or `_`.
    public static func isValidName(_ name: String) -> Bool {
        guard let first = name.unicodeScalars.first, first.properties.isAlphabetic, first.isASCII else { return false }
        return name.unicodeScalars.allSatisfy { $0.isASCII && ($0.properties.isAlphabetic || ("0"..."9").contains($0) || $0 == "_") }
    }

    /// Reads a var file: a YAML mapping of names to plain values.
    private static func readFile(_ path: String) -> Result<[String: Setting], Problem> {
        let text: String
        switch ScenarioLoader.readText(at: path) {
        case .success(let value): text = value
        case .failure(let problem): return .failure(Problem(description: "--var-file \(path): \(problem.message)"))
        }
        let root: Node?
        do { root = try Yams.compose(yaml: text) } catch {
            let location = YAMLSyntaxError.location(of: error, file: path, text: text)
            return .failure(Problem(description: "\(location): \(YAMLSyntaxError.describe(error))"))
        }
        guard let root else { return .success([:]) }
        guard case .mapping(let mapping) = root else {
            return .failure(Problem(description: "\(path):1:1: a var file is a mapping of variable names to values, e.g. 'rate: 50'"))
        }
        var values: [String: Setting] = [:]
        for (key, value) in mapping {
            let keyLocation = SourceLocation(file: path, line: key.mark?.line ?? 1, column: key.mark?.column ?? 1)
            guard let name = key.scalar?.string, isValidName(name) else {
                return .failure(Problem(description: "\(keyLocation): '\(key.scalar?.string ?? "?")' is not a variable name"))
            }
            let location = SourceLocation(file: path, line: value.mark?.line ?? 1, column: value.mark?.column ?? 1)
            guard let scalar = value.scalar else {
                return .failure(Problem(description: "\(location): \(name): a variable's value is one scalar (text, number, duration), not a list or mapping"))
            }
            values[name] = Setting(value: scalar.string, origin: "\(location)", location: location)
        }
        return .success(values)
    }
}
