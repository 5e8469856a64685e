// Reads `during:`: probes evaluated all through the method, as a list (every second) or as `{every, probes}`.

import Yams

extension ScenarioDocumentReader {
    /// The `during:` section: a list of probe steps, or a mapping with `every` (100ms to 60s) and `probes`.
    func readDuring(_ node: Node?, reader: StepReader) -> ContinuousChecks {
        var checks = ContinuousChecks()
        guard let node else { return checks }
        let root = KeyPath.root.key("during")
        var listNode: Node? = node
        var listPath = root
        if case .mapping = node {
            guard let fields = YAMLFields(node, path: root, what: "during", into: diagnostics) else { return checks }
            fields.rejectUnknownKeys(allowed: ["every", "probes"], context: "during", into: diagnostics)
            if let value = fields.value("every"), let interval = YAMLScalar.duration(value, path: root.key("every"), into: diagnostics) {
                if interval.nanoseconds < 100_000_000 || interval.nanoseconds > 60_000_000_000 {
                    diagnostics.error("evaluate every 100ms to 60s; '\(interval)' is out of range", at: value, path: root.key("every"))
                } else {
                    checks.interval = interval
                }
            }
            listNode = fields.value("probes")
            listPath = root.key("probes")
            if listNode == nil { diagnostics.error("during needs 'probes': the probes to evaluate while the method runs", at: node, path: root) }
        }
        guard let listNode, let items = YAMLScalar.list(listNode, path: listPath, into: diagnostics) else { return checks }
        if items.isEmpty { diagnostics.error("during has no probes; list at least one, or remove the section", at: listNode, path: listPath) }
        checks.probes = items.enumerated().compactMap { i, item in
            reader.read(item, path: listPath.index(i), index: i, allowedKinds: ["probe"], listName: "during")
        }
        return checks
    }

    /// A stop condition on `during.*` in a scenario without `during:` would never fire: refused where it is written.
    func refuseDuringMetrics(in node: Node?) {
        guard let node, case .sequence(let items) = node else { return }
        for (index, item) in items.enumerated() {
            guard case .scalar(let scalar) = item, scalar.string.contains("during.") else { continue }
            diagnostics.error(
                "'\(scalar.string)' watches the `during:` probes, and the scenario has none; add a `during:` section",
                at: item, path: KeyPath.root.key("abort_when").index(index))
        }
    }
}
