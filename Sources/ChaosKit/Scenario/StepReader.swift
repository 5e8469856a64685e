// Reads one step (method, steady state or rollback): common keys plus exactly one kind key.

import Yams

/// Reads steps with their kind-specific parameters.
struct StepReader {
    /// Keys every step may have.
    static let commonKeys = ["name", "description", "expect", "background", "after"]
    /// The keys that say what a step does; exactly one per step.
    static let kindKeys = ["fault", "action", "probe", "wait", "heal"]

    let parameters: ParameterReader
    var diagnostics: DiagnosticCollector { parameters.diagnostics }

    /// Reads one step; `allowedKinds` limits which kind keys this list accepts.
    func read(_ node: Node, path: KeyPath, index: Int, allowedKinds: [String], listName: String) -> Step? {
        guard let fields = YAMLFields(node, path: path, what: "a step", into: diagnostics) else { return nil }
        let present = fields.keys.filter { Self.kindKeys.contains($0) }
        guard let kindKey = present.first else {
            let unknown = fields.keys.filter { !Self.commonKeys.contains($0) }
            let hint = unknown.lazy.compactMap { Suggestion.closest(to: $0, among: allowedKinds) }.first
            diagnostics.error(
                "a step in \(listName) needs one of: \(allowedKinds.joined(separator: ", "))", at: node, path: path,
                suggestion: hint)
            fields.rejectUnknownKeys(allowed: Self.commonKeys + allowedKinds, context: "a step", into: diagnostics)
            return nil
        }
        for extra in present.dropFirst() {
            diagnostics.error(
                "a step does one thing; it already has '\(kindKey)', so '\(extra)' belongs in a step of its own",
                at: fields.keyNode(extra), path: path.key(extra))
        }
        guard allowedKinds.contains(kindKey) else {
            diagnostics.error(
                "\(listName) accepts only \(allowedKinds.joined(separator: ", ")) steps, not '\(kindKey)'",
                at: fields.keyNode(kindKey), path: path.key(kindKey))
            return nil
        }
        guard let kindNode = fields.value(kindKey) else { return nil }
        let common = readCommon(fields)
        guard let (action, parameterKeys) = readAction(kindKey, node: kindNode, fields: fields) else {
            if let known = parameterKeys(kindKey, kindNode) {
                fields.rejectUnknownKeys(allowed: Self.commonKeys + Self.kindKeys + known, context: "this step", into: diagnostics)
            }
            return nil
        }
        fields.rejectUnknownKeys(allowed: Self.commonKeys + Self.kindKeys + parameterKeys, context: describe(action), into: diagnostics)
        return Step(
            name: common.name ?? "\(index + 1)-\(kindKey)", isNamed: common.name != nil, action: action,
            background: common.background, after: common.after, expect: common.expect, location: diagnostics.location(of: node),
            keyPath: path.description)
    }

    private func readCommon(_ fields: YAMLFields) -> (name: String?, background: Bool, after: ScenarioDuration?, expect: String?) {
        var name: String?
        if let node = fields.value("name"), let text = YAMLScalar.string(node, path: fields.path.key("name"), into: diagnostics) {
            if text.contains(where: { $0 == " " || $0 == "\t" }) {
                diagnostics.error("step names are single words (use - or _), found '\(text)'", at: node, path: fields.path.key("name"))
            } else {
                name = text
            }
        }
        let background = fields.value("background").flatMap { YAMLScalar.bool($0, path: fields.path.key("background"), into: diagnostics) } ?? false
        let after = fields.value("after").flatMap { YAMLScalar.duration($0, path: fields.path.key("after"), into: diagnostics) }
        let expect = fields.value("expect").flatMap { YAMLScalar.string($0, path: fields.path.key("expect"), into: diagnostics) }
        return (name, background, after, expect)
    }

    /// The parameter keys of a known kind whose step failed to read (so unknown keys are still reported);
    /// nil when the kind itself is unknown, since then no key can be judged.
    private func parameterKeys(_ kindKey: String, _ node: Node) -> [String]? {
        if kindKey == "heal" { return [] }
        guard case .scalar(let scalar) = node else { return nil }
        if kindKey == "wait", case .success = ScenarioDuration.parse(scalar.string) { return [] }
        guard let catalog = catalog(for: kindKey), let definition = catalog.kind(named: scalar.string) else { return nil }
        return definition.parameters.map(\.name)
    }

    private func catalog(for kindKey: String) -> KindCatalog? {
        switch kindKey {
        case "fault": return .faults
        case "action": return .actions
        case "probe": return .probes
        case "wait": return .waitConditions
        default: return nil
        }
    }

    private func readAction(_ kindKey: String, node: Node, fields: YAMLFields) -> (Step.Action, [String])? {
        let path = fields.path.key(kindKey)
        if kindKey == "heal" {
            guard let name = YAMLScalar.string(node, path: path, into: diagnostics) else { return nil }
            return (.heal(step: name), [])
        }
        guard let word = YAMLScalar.string(node, path: path, into: diagnostics) else { return nil }
        if kindKey == "wait", let first = word.first, first.isNumber || first == "-" || first == "." {
            guard let duration = YAMLScalar.duration(node, path: path, into: diagnostics) else { return nil }
            return (.sleep(duration), [])
        }
        guard let catalog = catalog(for: kindKey) else { return nil }
        guard let definition = catalog.kind(named: word) else {
            let extra = kindKey == "wait" ? " (or a duration such as 30s)" : ""
            diagnostics.error(
                "unknown \(catalog.family) '\(word)'; known: \(catalog.names.joined(separator: ", "))\(extra)", at: node, path: path,
                suggestion: Suggestion.closest(to: word, among: catalog.names))
            return nil
        }
        guard let values = parameters.read(definition, from: fields) else { return nil }
        let invocation = KindInvocation(definition: definition, parameters: values)
        let keys = definition.parameters.map(\.name)
        switch kindKey {
        case "fault": return (.fault(invocation), keys)
        case "action": return (.action(invocation), keys)
        case "probe": return (.probe(invocation), keys)
        default: return (.waitFor(invocation), keys)
        }
    }

    private func describe(_ action: Step.Action) -> String {
        switch action {
        case .fault(let invocation): return "fault '\(invocation.kind)'"
        case .action(let invocation): return "action '\(invocation.kind)'"
        case .probe(let invocation): return "probe '\(invocation.kind)'"
        case .waitFor(let invocation): return "wait '\(invocation.kind)'"
        case .sleep: return "a timed wait"
        case .heal: return "a heal step"
        }
    }
}
