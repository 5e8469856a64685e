// Turns a scenario file into a checked `Scenario`, or every problem in it with its position.

import Foundation
import Yams

/// The result of loading one scenario file: the scenario when it is valid, and every diagnostic.
public struct ScenarioLoadResult: Sendable {
    /// The scenario, when there were no errors.
    public var scenario: Scenario?
    /// Errors and warnings, in file order.
    public var diagnostics: [Diagnostic]
    /// The variables the file declares (also when it is invalid, so a command can tell which file takes a `--var`).
    public var declaredVariables: [VariableDeclaration] = []
    /// Whether the file can run.
    public var isValid: Bool { scenario != nil }
}

/// Loads and validates scenario files. Nothing here touches a cluster.
public struct ScenarioLoader: Sendable {
    /// Top-level keys of a scenario.
    public static let topLevelKeys = [
        "version", "title", "description", "tags", "cluster", "steady_state", "workload", "method", "during", "hypotheses",
        "abort_when", "rollbacks", VariableResolver.key,
    ]

    /// What this platform can do (faults needing more are rejected).
    public var capabilities: PlatformCapabilities
    /// Node names targets may use.
    public var members: [String]
    /// Values for the scenario's variables (`--var`, `--var-file`, a suite's settings).
    public var variables: VariableSettings = .none
    /// Whether a value for a variable the file does not declare is an error (true for one file; a command
    /// naming several files sets false and checks that some file declares each name).
    public var requireDeclaredVariables = true
    /// Where `${env:NAME}` secrets come from.
    public var environment: [String: String] = ProcessInfo.processInfo.environment

    /// Creates a loader for a platform.
    public init(capabilities: PlatformCapabilities, members: [String] = ClusterMembers.labDefault) {
        self.capabilities = capabilities
        self.members = members
    }

    /// The largest scenario file read (1 MiB): far beyond any real scenario, small enough to check quickly.
    public static let maximumFileSize = 1 << 20

    /// Reads and checks a file.
    public func load(fileAt path: String) -> ScenarioLoadResult {
        switch Self.readText(at: path) {
        case .success(let text): return load(text: text, file: path)
        case .failure(let problem):
            return ScenarioLoadResult(scenario: nil, diagnostics: [
                Diagnostic(location: SourceLocation(file: path, line: 1, column: 1), keyPath: "", message: problem.message)
            ])
        }
    }

    /// Why a scenario file could not be read, in words a user can act on.
    struct ReadProblem: Error { var message: String }

    /// The text of a scenario file: refused when it is missing, a directory, unreadable, larger than
    /// ``maximumFileSize`` or not UTF-8.
    static func readText(at path: String) -> Result<String, ReadProblem> {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
            return .failure(ReadProblem(message: "no such file; check the path (`chaos list` shows the scenarios)"))
        }
        if isDirectory.boolValue {
            return .failure(ReadProblem(message: "is a directory, not a scenario file; name a .yaml file in it, or use --all --scenario-directory \(path)"))
        }
        guard let handle = FileHandle(forReadingAtPath: path) else {
            return .failure(ReadProblem(message: "cannot be opened for reading (\(String(cString: strerror(errno)))); check its permissions"))
        }
        defer { try? handle.close() }
        let data: Data
        do {
            data = try handle.read(upToCount: maximumFileSize + 1) ?? Data()
        } catch {
            return .failure(ReadProblem(message: "cannot be read: \(error.localizedDescription)"))
        }
        if data.count > maximumFileSize {
            return .failure(ReadProblem(message: "is larger than 1 MiB, the most a scenario file may be; split it, or use fewer steps"))
        }
        guard let text = String(data: data, encoding: .utf8) else {
            return .failure(ReadProblem(message: "is not UTF-8 text; save it as UTF-8"))
        }
        return .success(text)
    }

    /// Checks scenario text; `file` names it in diagnostics.
    public func load(text: String, file: String) -> ScenarioLoadResult {
        let diagnostics = DiagnosticCollector(file: file)
        if BenchDefinitionReader.isBenchmark(text: text) {
            let line = (text.split(separator: "\n", omittingEmptySubsequences: false).firstIndex { $0.hasPrefix("kind:") } ?? 0) + 1
            diagnostics.error("this is a benchmark definition (kind: benchmark), not a scenario; run it with `chaos bench \(file)`",
                              at: SourceLocation(file: file, line: line, column: 1), path: .root.key("kind"))
            return ScenarioLoadResult(scenario: nil, diagnostics: diagnostics.diagnostics)
        }
        if SoakDefinitionReader.isSoak(text: text) {
            let line = (text.split(separator: "\n", omittingEmptySubsequences: false).firstIndex { $0.hasPrefix("kind:") } ?? 0) + 1
            diagnostics.error("this is a soak definition (kind: soak), not a scenario; run it with `chaos soak \(file)`",
                              at: SourceLocation(file: file, line: line, column: 1), path: .root.key("kind"))
            return ScenarioLoadResult(scenario: nil, diagnostics: diagnostics.diagnostics)
        }
        guard let root = diagnostics.compose(text, emptyMessage: "the file is empty; a scenario needs at least a title and a method") else {
            return ScenarioLoadResult(scenario: nil, diagnostics: diagnostics.diagnostics)
        }
        return check(root, file: file, diagnostics: diagnostics)
    }

    /// Checks an already composed YAML document (a file's, or one built from command-line words).
    func check(_ root: Node, file: String, diagnostics: DiagnosticCollector) -> ScenarioLoadResult {
        let name = URL(fileURLWithPath: file).deletingPathExtension().lastPathComponent
        let resolved = VariableResolver(
            diagnostics: diagnostics, members: members, settings: variables, environment: environment,
            requireDeclared: requireDeclaredVariables
        ).resolve(root)
        let reader = ScenarioDocumentReader(
            diagnostics: diagnostics, parameters: ParameterReader(members: members, diagnostics: diagnostics))
        var scenario = reader.read(resolved.root, file: file, name: name)
        scenario?.variables = resolved.declarations
        scenario?.variableValues = resolved.values
        scenario?.secretValues = resolved.secrets
        if let scenario {
            ScenarioChecks(capabilities: capabilities, diagnostics: diagnostics).check(scenario)
        }
        let sorted = diagnostics.diagnostics.sorted { $0.location < $1.location }
        return ScenarioLoadResult(scenario: diagnostics.hasErrors ? nil : scenario, diagnostics: sorted, declaredVariables: resolved.declarations)
    }
}

/// Positions and words for YAML syntax errors raised by libyaml or Yams.
enum YAMLSyntaxError {
    /// Where to point: the problem's mark, or for duplicate keys the second occurrence.
    static func location(of error: any Error, file: String, text: String) -> SourceLocation {
        if let yaml = error as? YamlError {
            switch yaml {
            case .scanner(_, _, let mark, _), .parser(_, _, let mark, _), .composer(_, _, let mark, _):
                return SourceLocation(file: file, line: mark.line, column: mark.column)
            case .duplicatedKeysInMapping(let keys, let context):
                let (line, column) = secondOccurrence(of: keys.first ?? "", after: context.mark, in: text)
                return SourceLocation(file: file, line: line, column: column)
            default: break
            }
        }
        return SourceLocation(file: file, line: 1, column: 1)
    }

    /// What went wrong, with where the enclosing construct started when libyaml says.
    static func describe(_ error: any Error) -> String {
        if let yaml = error as? YamlError {
            switch yaml {
            case .scanner(let context, let problem, _, _), .parser(let context, let problem, _, _),
                .composer(let context, let problem, _, _):
                guard let context else { return "YAML syntax error: \(problem)" }
                return "YAML syntax error: \(problem) (\(context.text) that starts at line \(context.mark.line), column \(context.mark.column))"
            case .duplicatedKeysInMapping(let keys, let context):
                return "duplicate key '\(keys.first ?? "")' (first at line \(context.mark.line)); each key may appear once"
            case .reader(let problem, _, _, _):
                return "the file cannot be read as YAML: \(problem)"
            default: break
            }
        }
        return "YAML syntax error: \(error)"
    }

    /// The next line after `mark` that starts, at the same indentation, with `key:`.
    private static func secondOccurrence(of key: String, after mark: Mark, in text: String) -> (Int, Int) {
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        let indent = String(repeating: " ", count: max(mark.column - 1, 0))
        for index in mark.line..<lines.count {
            let line = lines[index]
            if line.hasPrefix(indent + key + ":") || line.hasPrefix(indent + "- " + key + ":") {
                return (index + 1, mark.column + (line.hasPrefix(indent + "- ") ? 2 : 0))
            }
        }
        return (mark.line, mark.column)
    }
}
