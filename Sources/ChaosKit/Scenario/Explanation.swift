// `chaos explain WORD`: the documentation of a fault kind, probe, action, wait condition, metric or variable
// type, from the same catalogs the validator checks scenarios against.

/// Explains the words a scenario can use.
public enum Explanation {
    /// The catalogs of step kinds, in the order they are searched.
    static let catalogs: [(key: String, catalog: KindCatalog)] = [
        ("fault", .faults), ("probe", .probes), ("action", .actions), ("wait", .waitConditions),
    ]

    /// Every word `explain` knows.
    public static var topics: [String] {
        var words = catalogs.flatMap(\.catalog.names) + MetricCatalog.all.map(\.name) + VariableType.allCases.map(\.rawValue)
        words = Array(Set(words))
        return words.sorted()
    }

    /// The text for `word`, or nil when no catalog knows it.
    public static func text(for word: String) -> String? {
        var sections: [String] = []
        for (key, catalog) in catalogs {
            if let kind = catalog.kind(named: word) { sections.append(describe(kind, key: key, family: catalog.family)) }
        }
        if let metric = MetricCatalog.metric(named: word) {
            sections.append("""
                \(metric.name) — metric (\(metric.type.rawValue), usable in \(metric.scope == .live ? "abort_when and hypotheses" : "hypotheses"))
                  \(metric.summary)
                  e.g. hypotheses: ["\(metric.name) \(example(for: metric.type))"]
                """)
        }
        if let type = VariableType(rawValue: word) {
            sections.append("""
                \(type.rawValue) — variable type
                  A value that is \(type.example).
                  e.g. variables: {my_value: {type: \(type.rawValue), default: …}}, then ${my_value} in a value.
                """)
        }
        return sections.isEmpty ? nil : sections.joined(separator: "\n\n")
    }

    private static func describe(_ kind: KindDefinition, key: String, family: String) -> String {
        var lines = ["\(kind.name) — \(family)", "  \(kind.summary)"]
        if !kind.parameters.isEmpty {
            lines.append("  parameters:")
            for parameter in kind.parameters {
                let need = parameter.required ? "required" : parameter.defaultValue.map { "default \($0)" } ?? "optional"
                lines.append("    \(parameter.name) (\(need)): \(parameter.summary) — \(parameter.type)")
            }
        }
        if !kind.requires.isEmpty {
            lines.append("  needs: " + kind.requires.map(\.description).sorted().joined(separator: ", "))
        }
        if key == "fault" {
            lines.append(kind.isHealable ? "  undone when healed (heal step, duration, end of the method, or `chaos recover`)" : "  one-shot: nothing to undo")
        }
        let required = kind.parameters.filter(\.required).map { "\($0.name): …" }
        lines.append("  e.g. - {\(([key + ": " + kind.name] + required).joined(separator: ", "))}")
        return lines.joined(separator: "\n")
    }

    private static func example(for type: MetricType) -> String {
        switch type {
        case .duration: return "< 30s"
        case .count: return "== 0"
        case .boolean: return "== true"
        }
    }
}
