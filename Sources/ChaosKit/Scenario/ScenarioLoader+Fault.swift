// One fault from command-line words (`chaos fault inject kill --target primary --set signal=SIGTERM`),
// checked by the same reader as scenario steps, so both accept and reject exactly the same things.

extension ScenarioLoader {
    /// A checked fault invocation from a kind and `key=value` parameters (values are YAML, e.g. `[[primary],[etcd]]`).
    public func faultInvocation(kind: String, parameters: [(key: String, value: String)]) -> Result<KindInvocation, ScenarioDiagnostics> {
        var text = "title: command line\nmethod:\n  - fault: \(kind)\n"
        for (key, value) in parameters { text += "    \(key): \(value)\n" }
        let result = load(text: text, file: "<command line>")
        guard let step = result.scenario?.method.first, case .fault(let invocation) = step.action else {
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
