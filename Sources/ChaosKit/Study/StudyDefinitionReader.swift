// Reads and checks a study file (`kind: study`), with file:line:col for every problem: unknown keys, scenarios that
// do not load, parameters that are neither a cluster setting nor a variable of every scenario, values a cell cannot
// take (Patroni's rule included), an empty matrix.

import Foundation
import Yams

/// The result of loading a study: the definition when valid, and every diagnostic.
public struct StudyLoadResult: Sendable {
    /// The definition, when there were no errors.
    public var definition: StudyDefinition?
    /// Errors and warnings, in file order.
    public var diagnostics: [Diagnostic]
}

/// Loads study files. Nothing here touches a cluster.
public enum StudyDefinitionReader {
    /// The top-level keys of a study.
    public static let topLevelKeys = ["version", "kind", "title", "description", "scenarios", "parameters", "repetitions", "metrics", "seed"]

    /// Whether YAML text declares `kind: study` at its top level.
    public static func isStudy(text: String) -> Bool { DocumentKind.declares("study", in: text) }

    /// Reads and checks a file.
    public static func load(fileAt path: String, capabilities: PlatformCapabilities = .everything) -> StudyLoadResult {
        switch ScenarioLoader.readText(at: path) {
        case .success(let text): return load(text: text, file: path, capabilities: capabilities)
        case .failure(let problem):
            return StudyLoadResult(definition: nil, diagnostics: [Diagnostic(location: SourceLocation(file: path, line: 1, column: 1), keyPath: "", message: problem.message)])
        }
    }

    /// Checks study text; `file` names it in diagnostics and anchors relative scenario paths.
    public static func load(text: String, file: String, capabilities: PlatformCapabilities = .everything) -> StudyLoadResult {
        let diagnostics = DiagnosticCollector(file: file)
        guard let root = diagnostics.compose(text, emptyMessage: "the file is empty; a study needs `kind: study`, scenarios and parameters") else {
            return StudyLoadResult(definition: nil, diagnostics: diagnostics.diagnostics)
        }
        let definition = read(root, file: file, capabilities: capabilities, diagnostics: diagnostics)
        let sorted = diagnostics.diagnostics.sorted { $0.location < $1.location }
        return StudyLoadResult(definition: diagnostics.hasErrors ? nil : definition, diagnostics: sorted)
    }

    static func read(_ root: Node, file: String, capabilities: PlatformCapabilities, diagnostics: DiagnosticCollector) -> StudyDefinition? {
        guard let fields = YAMLFields(root, path: .root, what: "a study", into: diagnostics) else { return nil }
        fields.rejectUnknownKeys(allowed: topLevelKeys, context: "a study", into: diagnostics)
        let path = KeyPath.root
        if let kind = fields.value("kind") {
            _ = YAMLScalar.choice(kind, path: path.key("kind"), among: ["study"], what: "kind", into: diagnostics)
        } else {
            diagnostics.error("a study needs `kind: study`", at: fields.node, path: path)
        }
        if let version = fields.value("version"), let number = YAMLScalar.integer(version, path: path.key("version"), min: nil, max: nil, into: diagnostics), number != 1 {
            diagnostics.error("this chaos reads study version 1, the file says \(number)", at: version, path: path.key("version"))
        }
        let name = URL(fileURLWithPath: file).deletingPathExtension().lastPathComponent
        let title = fields.value("title").flatMap { YAMLScalar.string($0, path: path.key("title"), into: diagnostics) } ?? name
        let description = fields.value("description").flatMap { YAMLScalar.string($0, path: path.key("description"), into: diagnostics) } ?? ""
        let repetitions = fields.value("repetitions").flatMap { YAMLScalar.integer($0, path: path.key("repetitions"), min: 1, max: 100, into: diagnostics) } ?? 1
        var seed: UInt64?
        if let node = fields.value("seed"), let text = YAMLScalar.string(node, path: path.key("seed"), into: diagnostics) {
            seed = UInt64(text)
            if seed == nil { diagnostics.error("a seed is a whole number 0…\(UInt64.max), found '\(text)'", at: node, path: path.key("seed")) }
        }
        let metrics = readMetrics(fields.value("metrics"), diagnostics: diagnostics)
        let scenarios = readScenarios(fields, file: file, capabilities: capabilities, diagnostics: diagnostics)
        guard let parametersNode = fields.value("parameters") else {
            diagnostics.error("a study needs `parameters:` — what to sweep, e.g. `ttl: [10, 20, 30]`", at: fields.node, path: path)
            return nil
        }
        let parameters = readParameters(parametersNode, scenarios: scenarios, capabilities: capabilities, diagnostics: diagnostics)
        guard !scenarios.isEmpty, !parameters.isEmpty, !diagnostics.hasErrors else { return nil }
        let definition = StudyDefinition(
            name: name, file: file, title: title, description: description, scenarios: scenarios.map(\.file), parameters: parameters,
            repetitions: repetitions, metrics: metrics, seed: seed)
        checkCells(definition, scenarios: scenarios, at: parametersNode, diagnostics: diagnostics)
        return definition
    }

    private static func readMetrics(_ node: Node?, diagnostics: DiagnosticCollector) -> [String] {
        guard let node, let items = YAMLScalar.list(node, path: .root.key("metrics"), allowSingle: true, into: diagnostics) else { return [] }
        let usable = MetricCatalog.names(usableIn: .result).filter { MetricCatalog.metric(named: $0)?.type != .boolean }
        return items.enumerated().compactMap { i, item in
            let itemPath = KeyPath.root.key("metrics").index(i)
            guard let name = YAMLScalar.string(item, path: itemPath, into: diagnostics) else { return nil }
            guard usable.contains(name) else {
                diagnostics.error("'\(name)' is not a numeric result metric", at: item, path: itemPath, suggestion: Suggestion.closest(to: name, among: usable))
                return nil
            }
            return name
        }
    }

    private static func readScenarios(_ fields: YAMLFields, file: String, capabilities: PlatformCapabilities, diagnostics: DiagnosticCollector) -> [Scenario] {
        let path = KeyPath.root.key("scenarios")
        guard let node = fields.value("scenarios") else {
            diagnostics.error("a study needs `scenarios:` — the scenario files to run, relative to this file", at: fields.node, path: .root)
            return []
        }
        guard let items = YAMLScalar.list(node, path: path, allowSingle: true, into: diagnostics) else { return [] }
        if items.isEmpty { diagnostics.error("no scenarios; list at least one", at: node, path: path) }
        let folder = URL(fileURLWithPath: file).deletingLastPathComponent()
        return items.enumerated().compactMap { i, item in
            guard let relative = YAMLScalar.string(item, path: path.index(i), into: diagnostics) else { return nil }
            let resolved = relative.hasPrefix("/") ? relative : Self.displayPath(folder.appendingPathComponent(relative).standardizedFileURL.path)
            let result = ScenarioLoader(capabilities: capabilities).load(fileAt: resolved)
            guard let scenario = result.scenario else {
                let first = result.diagnostics.first.map { ": \($0.description)" } ?? ""
                diagnostics.error("scenario \(relative) does not load\(first)", at: item, path: path.index(i))
                return nil
            }
            return scenario
        }
    }

    /// A path relative to the working directory when it lies below it.
    static func displayPath(_ absolute: String) -> String {
        let cwd = FileManager.default.currentDirectoryPath + "/"
        return absolute.hasPrefix(cwd) ? String(absolute.dropFirst(cwd.count)) : absolute
    }

    private static func readParameters(_ node: Node, scenarios: [Scenario], capabilities: PlatformCapabilities, diagnostics: DiagnosticCollector) -> [StudyParameter] {
        let path = KeyPath.root.key("parameters")
        guard let mapping = node.mapping else {
            diagnostics.error("parameters is a mapping of name to values, e.g. `ttl: [10, 20, 30]`", at: node, path: path)
            return []
        }
        if mapping.isEmpty { diagnostics.error("the matrix is empty; sweep at least one parameter", at: node, path: path) }
        var parameters: [StudyParameter] = []
        for (keyNode, valueNode) in mapping {
            guard let name = keyNode.string else { continue }
            let keyPath = path.key(name)
            let variables = scenarios.map { Set(($0.variables).map(\.name)) }
            let isVariable = !scenarios.isEmpty && variables.allSatisfy { $0.contains(name) }
            guard StudyClusterSetting.names.contains(name) || isVariable else {
                let known = StudyClusterSetting.names + Array(variables.reduce(Set<String>()) { $0.union($1) }).sorted()
                let why = variables.contains { $0.contains(name) } ? "a variable of only some of the scenarios" : "neither a cluster setting nor a scenario variable"
                diagnostics.error("'\(name)' is \(why)", at: keyNode, path: keyPath, suggestion: Suggestion.closest(to: name, among: known))
                continue
            }
            guard let items = YAMLScalar.list(valueNode, path: keyPath, allowSingle: true, into: diagnostics) else { continue }
            if items.isEmpty { diagnostics.error("no values for '\(name)'", at: valueNode, path: keyPath) }
            var values: [String] = []
            for (i, item) in items.enumerated() {
                guard let value = YAMLScalar.string(item, path: keyPath.index(i), into: diagnostics) else { continue }
                if values.contains(value) { diagnostics.error("'\(value)' is listed twice", at: item, path: keyPath.index(i)); continue }
                if let problem = check(name, value, isVariable: isVariable && !StudyClusterSetting.names.contains(name), scenarios: scenarios, capabilities: capabilities) {
                    diagnostics.error(problem, at: item, path: keyPath.index(i))
                    continue
                }
                values.append(value)
            }
            parameters.append(StudyParameter(name: name, values: values))
        }
        return parameters
    }

    /// Why one value cannot be used, or nil.
    private static func check(_ name: String, _ value: String, isVariable: Bool, scenarios: [Scenario], capabilities: PlatformCapabilities) -> String? {
        if !isVariable {
            for scenario in scenarios {
                if case .failure(let error) = StudyClusterSetting.apply(name, value, to: scenario.cluster) { return error.message }
            }
            return nil
        }
        for scenario in scenarios {
            var loader = ScenarioLoader(capabilities: capabilities)
            loader.variables = VariableSettings(values: [name: .init(value: value, origin: "study parameter \(name)", location: nil)])
            let result = loader.load(fileAt: scenario.file)
            if result.scenario == nil {
                return "\(scenario.file) does not take \(name)=\(value): " + (result.diagnostics.first?.message ?? "it does not load")
            }
        }
        return nil
    }

    /// Every cell must give every scenario a cluster Patroni accepts, and keep every `predicted.*` its hypotheses
    /// name predictable (failsafe on, or a ttl past a fault's duration, leaves the model without a prediction).
    private static func checkCells(_ definition: StudyDefinition, scenarios: [Scenario], at node: Node, diagnostics: DiagnosticCollector) {
        for cell in definition.cells {
            for scenario in scenarios {
                let cluster: ClusterRequirements
                switch StudyClusterSetting.apply(cell, parameters: definition.parameters, to: scenario.cluster) {
                case .success(let applied): cluster = applied
                case .failure(let error):
                    diagnostics.error("cell \(cell.label(definition.parameters)) of \(scenario.file): \(error.message)", at: node, path: .root.key("parameters"))
                    return
                }
                let wanted = scenario.hypotheses.compactMap(\.expression.predicted)
                guard !wanted.isEmpty else { continue }
                var configured = scenario
                configured.cluster = cluster
                let predictions = FailoverModel.predict(configured)
                if let missing = wanted.first(where: { predictions.prediction(for: $0.metric) == nil }) {
                    diagnostics.error(
                        "cell \(cell.label(definition.parameters)) of \(scenario.file): its hypotheses name predicted.\(missing.metric), which the model "
                            + "does not predict with these settings: \(predictions.unmodelled ?? "no prediction")", at: node, path: .root.key("parameters"))
                    return
                }
            }
        }
    }
}
