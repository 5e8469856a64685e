// Checks a step's parameters against its kind's `ParameterSpec`s and converts them to `ParameterValue`s.

import Yams

/// Reads typed parameters for one kind invocation.
struct ParameterReader {
    /// Node names a target may name.
    let members: [String]
    let diagnostics: DiagnosticCollector

    /// Reads every parameter the kind declares from `fields`; fills defaults; reports missing required ones.
    func read(_ definition: KindDefinition, from fields: YAMLFields) -> [String: ParameterValue]? {
        var values: [String: ParameterValue] = [:]
        var ok = true
        for spec in definition.parameters {
            guard let node = fields.value(spec.name) else {
                if spec.required {
                    diagnostics.error(
                        "\(definition.name) needs '\(spec.name)' (\(spec.type))", at: fields.node, path: fields.path)
                    ok = false
                } else if let value = spec.defaultValue {
                    values[spec.name] = value
                }
                continue
            }
            if let value = read(node, as: spec.type, path: fields.path.key(spec.name)) {
                values[spec.name] = value
            } else {
                ok = false
            }
        }
        return ok ? values : nil
    }

    /// Reads one value of a type.
    func read(_ node: Node, as type: ParameterType, path: KeyPath) -> ParameterValue? {
        switch type {
        case .duration:
            return YAMLScalar.duration(node, path: path, into: diagnostics).map(ParameterValue.duration)
        case .integer(let min, let max):
            return YAMLScalar.integer(node, path: path, min: min, max: max, into: diagnostics).map(ParameterValue.integer)
        case .number(let min, let max):
            return number(node, path: path, min: min, max: max).map(ParameterValue.number)
        case .string:
            return YAMLScalar.string(node, path: path, into: diagnostics).map(ParameterValue.string)
        case .boolean:
            return YAMLScalar.bool(node, path: path, into: diagnostics).map(ParameterValue.boolean)
        case .choice(let words):
            return YAMLScalar.choice(node, path: path, among: words, what: "value", into: diagnostics).map(ParameterValue.string)
        case .signal:
            guard let text = YAMLScalar.string(node, path: path, into: diagnostics) else { return nil }
            guard let signal = Signal.parse(text) else {
                diagnostics.error(
                    "unknown signal '\(text)'", at: node, path: path,
                    suggestion: Suggestion.closest(to: text.uppercased(), among: Signal.known.map(\.name)))
                return nil
            }
            return .signal(signal)
        case .target:
            return target(node, path: path).map(ParameterValue.target)
        case .targetGroups:
            return targetGroups(node, path: path).map(ParameterValue.targetGroups)
        case .bitRate:
            guard let text = YAMLScalar.string(node, path: path, into: diagnostics) else { return nil }
            switch BitRate.parse(text) {
            case .success(let rate): return .bitRate(rate)
            case .failure(let error):
                diagnostics.error(error.description, at: node, path: path)
                return nil
            }
        case .url:
            guard let text = YAMLScalar.string(node, path: path, into: diagnostics) else { return nil }
            if let problem = ProbeURL.problem(with: text) {
                diagnostics.error(problem, at: node, path: path)
                return nil
            }
            return .string(text)
        case .stepReference:
            return YAMLScalar.string(node, path: path, into: diagnostics).map(ParameterValue.string)
        case .metricSeries:
            guard let text = YAMLScalar.string(node, path: path, into: diagnostics) else { return nil }
            guard PrometheusSelector.parse(text) != nil else {
                diagnostics.error("'\(text)' is not a metric series; write a name such as pg_up, or name{label=\"value\"}", at: node, path: path)
                return nil
            }
            return .string(text)
        }
    }

    private func number(_ node: Node, path: KeyPath, min: Double?, max: Double?) -> Double? {
        guard let text = YAMLScalar.string(node, path: path, into: diagnostics) else { return nil }
        let cleaned = text.hasSuffix("%") ? String(text.dropLast()) : text
        guard let value = FiniteNumber.parse(cleaned) else {
            diagnostics.error("expected a finite number such as 30 or 2.5, found '\(text)'", at: node, path: path)
            return nil
        }
        if let min, value < min {
            diagnostics.error("must be at least \(min.formattedCompactly), found \(text)", at: node, path: path)
            return nil
        }
        if let max, value > max {
            diagnostics.error("must be at most \(max.formattedCompactly), found \(text)", at: node, path: path)
            return nil
        }
        return value
    }

    /// Reads a target selector.
    func target(_ node: Node, path: KeyPath) -> TargetSelector? {
        guard let text = YAMLScalar.string(node, path: path, into: diagnostics) else { return nil }
        switch TargetSelector.parse(text, members: members) {
        case .success(let selector): return selector
        case .failure(let error):
            diagnostics.error(
                error.message, at: node, path: path, suggestion: error.suggestion,
                columnOffset: YAMLScalar.contentOffset(of: node) + error.offset)
            return nil
        }
    }

    private func targetGroups(_ node: Node, path: KeyPath) -> [[TargetSelector]]? {
        guard let groups = YAMLScalar.list(node, path: path, into: diagnostics) else { return nil }
        if groups.count < 2 {
            diagnostics.error("a partition needs at least two groups, found \(groups.count)", at: node, path: path)
            return nil
        }
        var result: [[TargetSelector]] = []
        var ok = true
        for (i, group) in groups.enumerated() {
            let groupPath = path.index(i)
            guard let members = YAMLScalar.list(group, path: groupPath, allowSingle: true, into: diagnostics) else {
                ok = false
                continue
            }
            let selectors = members.enumerated().compactMap { j, member in target(member, path: groupPath.index(j)) }
            if selectors.count != members.count { ok = false }
            if members.isEmpty {
                diagnostics.error("a partition group cannot be empty", at: group, path: groupPath)
                ok = false
            }
            result.append(selectors)
        }
        return ok ? result : nil
    }
}

extension Double {
    /// `5` rather than `5.0`; `0.1` stays; too large for an integer, it is printed as a double.
    var formattedCompactly: String {
        self == rounded() && abs(self) < 1e15 ? String(Int64(self)) : String(self)
    }
}
