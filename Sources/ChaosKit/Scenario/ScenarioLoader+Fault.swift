// One fault from command-line words (`chaos fault inject kill --target primary --set signal=SIGTERM`),
// checked by the same reader as scenario steps, so both accept and reject exactly the same things. The step is
// built as a YAML node tree, never as text: a value cannot add keys or break the document around it.

import Yams

extension ScenarioLoader {
    /// A checked fault invocation from a kind and parameters. Each value is parsed as YAML on its own (so
    /// `groups=[[primary],[etcd]]` is a list), except those named in `literal`, which are taken as plain text.
    public func faultInvocation(
        kind: String, parameters: [(key: String, value: String)], literal: Set<String> = ["target"]
    ) -> Result<KindInvocation, ScenarioDiagnostics> {
        let file = "<command line>"
        let diagnostics = DiagnosticCollector(file: file)
        var step: [(Node, Node)] = [(Node("fault"), Node(kind))]
        for (key, value) in parameters {
            if literal.contains(key) {
                step.append((Node(key), Node(value, Tag(.str), .singleQuoted)))
                continue
            }
            do {
                step.append((Node(key), try Yams.compose(yaml: value) ?? Node("", Tag(.null))))
            } catch {
                diagnostics.error(
                    "the value of \(key) is not valid YAML: \(YAMLSyntaxError.describe(error))",
                    at: SourceLocation(file: file, line: 1, column: 1), path: "\(key)")
            }
        }
        if diagnostics.hasErrors { return .failure(ScenarioDiagnostics(diagnostics: diagnostics.diagnostics)) }
        let root = Node.mapping(Node.Mapping([
            (Node("title"), Node("command line")),
            (Node("method"), Node.sequence(Node.Sequence([Node.mapping(Node.Mapping(step))]))),
        ]))
        let result = check(root, file: file, diagnostics: diagnostics)
        guard let first = result.scenario?.method.first, case .fault(let invocation) = first.action else {
            return .failure(ScenarioDiagnostics(diagnostics: result.diagnostics))
        }
        return .success(invocation)
    }
}

/// Diagnostics as an error, for APIs that return `Result`.
public struct ScenarioDiagnostics: Error, Sendable {
    /// The problems found.
    public var diagnostics: [Diagnostic]
}
