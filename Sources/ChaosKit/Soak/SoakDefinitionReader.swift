// Reads and checks a soak file (`kind: soak`) with file:line:col for every problem. The soak's own keys are read
// here; everything else is a scenario's and is checked by the scenario reader itself, on a scenario built from
// the same YAML nodes (so its errors point into the soak file too): one method step per fault.

import Foundation
import Yams

/// The result of loading a soak: the definition when valid, and every diagnostic.
public struct SoakLoadResult {
    /// The definition, when there were no errors.
    public var definition: SoakDefinition?
    /// Errors and warnings, in file order.
    public var diagnostics: [Diagnostic]
}

/// Loads soak files. Nothing here touches a cluster.
public enum SoakDefinitionReader {
    /// The keys of the `soak:` section.
    public static let soakKeys = ["duration", "interval", "recovery", "first_fault", "seed", "faults"]

    /// Whether YAML text declares `kind: soak` at its top level.
    public static func isSoak(text: String) -> Bool { DocumentKind.declares("soak", in: text) }

    /// Reads and checks a file.
    public static func load(fileAt path: String, capabilities: PlatformCapabilities = .everything) -> SoakLoadResult {
        switch ScenarioLoader.readText(at: path) {
        case .success(let text): return load(text: text, file: path, capabilities: capabilities)
        case .failure(let problem):
            return SoakLoadResult(definition: nil, diagnostics: [Diagnostic(location: SourceLocation(file: path, line: 1, column: 1), keyPath: "", message: problem.message)])
        }
    }

    /// Checks soak text; `file` names it in diagnostics.
    public static func load(text: String, file: String, capabilities: PlatformCapabilities = .everything) -> SoakLoadResult {
        let diagnostics = DiagnosticCollector(file: file)
        guard let root = diagnostics.compose(text, emptyMessage: "the file is empty; a soak needs `kind: soak`, a title, a workload and `soak:`") else {
            return SoakLoadResult(definition: nil, diagnostics: diagnostics.diagnostics)
        }
        var definition = read(root, file: file, diagnostics: diagnostics)
        if let checked = definition {
            // The rest is a scenario's: checked by the scenario reader, one method step per fault.
            let result = ScenarioLoader(capabilities: capabilities).check(checked.scenario(method: checked.faults.map(\.step)), file: file, diagnostics: diagnostics)
            if result.scenario == nil { definition = nil }
        }
        let sorted = diagnostics.diagnostics.sorted { $0.location < $1.location }
        return SoakLoadResult(definition: diagnostics.hasErrors ? nil : definition, diagnostics: sorted)
    }

    static func read(_ root: Node, file: String, diagnostics: DiagnosticCollector) -> SoakDefinition? {
        guard let fields = YAMLFields(root, path: .root, what: "a soak", into: diagnostics), case .mapping(let mapping) = root else { return nil }
        let path = KeyPath.root
        if let kind = fields.value("kind") {
            _ = YAMLScalar.choice(kind, path: path.key("kind"), among: ["soak"], what: "kind", into: diagnostics)
        } else {
            diagnostics.error("a soak needs `kind: soak`", at: root, path: path)
        }
        guard let soakNode = fields.value("soak"), let soak = YAMLFields(soakNode, path: path.key("soak"), what: "soak", into: diagnostics) else {
            if fields.value("soak") == nil {
                diagnostics.error("a soak needs `soak:` — its duration, the interval between faults, the recovery bound and the faults", at: root, path: path)
            }
            return nil
        }
        if fields.value("method") != nil {
            diagnostics.error("a soak has no `method:`; its method is drawn from `soak.faults`", at: fields.keyNode("method"), path: path.key("method"))
        }
        let soakPath = path.key("soak")
        soak.rejectUnknownKeys(allowed: soakKeys, context: "soak", into: diagnostics)
        func duration(_ key: String, required: Bool, default value: Int64? = nil) -> Int64? {
            guard let node = soak.value(key) else {
                if required { diagnostics.error("soak needs `\(key):`", at: soakNode, path: soakPath) }
                return value
            }
            return YAMLScalar.duration(node, path: soakPath.key(key), into: diagnostics)?.nanoseconds
        }
        let length = duration("duration", required: true)
        let recovery = duration("recovery", required: false, default: 120_000_000_000)
        let first = duration("first_fault", required: false, default: 10_000_000_000).map { $0 / 1_000_000 * 1_000_000 }
        let interval = soak.value("interval").flatMap { readInterval($0, path: soakPath.key("interval"), diagnostics: diagnostics) }
            .map { ($0.lowerBound / 1_000_000 * 1_000_000)...($0.upperBound / 1_000_000 * 1_000_000) }
        if soak.value("interval") == nil { diagnostics.error("soak needs `interval:` — e.g. 60s, or 45s..90s for a random one", at: soakNode, path: soakPath) }
        var seed: UInt64?
        if let node = soak.value("seed"), let text = YAMLScalar.string(node, path: soakPath.key("seed"), into: diagnostics) {
            seed = UInt64(text)
            if seed == nil { diagnostics.error("a seed is a whole number 0…\(UInt64.max), found '\(text)'", at: node, path: soakPath.key("seed")) }
        }
        let faults = readFaults(soak.value("faults"), at: soakNode, path: soakPath.key("faults"), diagnostics: diagnostics)
        guard let length, let recovery, let first, let interval, !faults.isEmpty else { return nil }
        if length <= 0 { diagnostics.error("the soak's duration must be more than 0", at: soak.value("duration"), path: soakPath.key("duration")) }
        let longest = faults.compactMap(\.durationNs).max() ?? 0
        if interval.lowerBound < longest + recovery {
            diagnostics.error(
                "the interval between faults (at least \(ScenarioDuration(nanoseconds: interval.lowerBound))) is shorter than the longest fault "
                    + "(\(ScenarioDuration(nanoseconds: longest))) plus the recovery bound (\(ScenarioDuration(nanoseconds: recovery))): two faults could overlap",
                at: soak.value("interval"), path: soakPath.key("interval"))
        }
        let name = URL(fileURLWithPath: file).deletingPathExtension().lastPathComponent
        let title = fields.value("title").flatMap { YAMLScalar.string($0, path: path.key("title"), into: diagnostics) } ?? name
        let shared = mapping.filter { key, _ in !["kind", "soak", "method"].contains(key.string ?? "") }
        return SoakDefinition(
            file: file, name: name, title: title, durationNs: length, intervalNs: interval, recoveryNs: recovery, firstFaultNs: first, seed: seed,
            faults: faults, scenarioRoot: .mapping(Node.Mapping(shared.map { ($0.key, $0.value) }, .implicit, .any, root.mark)))
    }

    /// `60s` or `45s..90s`.
    private static func readInterval(_ node: Node, path: KeyPath, diagnostics: DiagnosticCollector) -> ClosedRange<Int64>? {
        guard let text = YAMLScalar.string(node, path: path, into: diagnostics) else { return nil }
        let parts = text.components(separatedBy: "..").map { $0.trimmingCharacters(in: .whitespaces) }
        guard (1...2).contains(parts.count) else {
            diagnostics.error("an interval is a duration (60s) or a range (45s..90s), found '\(text)'", at: node, path: path)
            return nil
        }
        var bounds: [Int64] = []
        for part in parts {
            guard case .success(let value) = ScenarioDuration.parse(part) else {
                diagnostics.error("'\(part)' is not a duration; write e.g. 60s or 45s..90s", at: node, path: path)
                return nil
            }
            bounds.append(value.nanoseconds)
        }
        guard let low = bounds.first, let high = bounds.last, low >= 1_000_000, low <= high else {
            diagnostics.error("an interval's range goes from a shorter to a longer duration, both at least 1ms, found '\(text)'", at: node, path: path)
            return nil
        }
        return low...high
    }

    private static func readFaults(_ node: Node?, at parent: Node, path: KeyPath, diagnostics: DiagnosticCollector) -> [SoakFault] {
        guard let node else {
            diagnostics.error("soak needs `faults:` — the faults to draw from, each a method step with a `weight`", at: parent, path: path)
            return []
        }
        guard let items = YAMLScalar.list(node, path: path, into: diagnostics) else { return [] }
        if items.isEmpty { diagnostics.error("no faults; list at least one", at: node, path: path) }
        var faults: [SoakFault] = []
        var names = Set<String>()
        for (i, item) in items.enumerated() {
            let itemPath = path.index(i)
            guard let fields = YAMLFields(item, path: itemPath, what: "a soak fault", into: diagnostics), case .mapping(let mapping) = item else { continue }
            guard let kindNode = fields.value("fault"), let kind = YAMLScalar.string(kindNode, path: itemPath.key("fault"), into: diagnostics) else {
                diagnostics.error("a soak fault is a fault step: it needs `fault:` (and `name:`, `weight:`)", at: item, path: itemPath)
                continue
            }
            guard let nameNode = fields.value("name"), let name = YAMLScalar.string(nameNode, path: itemPath.key("name"), into: diagnostics) else {
                if fields.value("name") == nil { diagnostics.error("a soak fault needs `name:`", at: item, path: itemPath) }
                continue
            }
            if !names.insert(name).inserted { diagnostics.error("the name '\(name)' is used twice", at: nameNode, path: itemPath.key("name")) }
            if name == "recovered" || name == SoakSchedule.endStepName {
                diagnostics.error("'\(name)' is reserved for the soak's own steps; choose another name", at: nameNode, path: itemPath.key("name"))
            }
            for key in ["after", "background"] {
                if let node = fields.keyNode(key) {
                    diagnostics.error("a soak fault has no `\(key):`: the schedule says when it starts, and one fault runs at a time", at: node, path: itemPath.key(key))
                }
            }
            let weight = fields.value("weight").flatMap { YAMLScalar.integer($0, path: itemPath.key("weight"), min: 0, max: 1000, into: diagnostics) } ?? 1
            var durationNs: Int64?
            if let node = fields.value("duration") { durationNs = YAMLScalar.duration(node, path: itemPath.key("duration"), into: diagnostics)?.nanoseconds }
            if durationNs == nil, KindCatalog.faults.kind(named: kind)?.isHealable == true {
                diagnostics.error("'\(kind)' lasts until it is healed: give it a `duration:` so the soak heals it before the next fault",
                                  at: item, path: itemPath)
            }
            let step = mapping.filter { key, _ in key.string != "weight" }
            faults.append(SoakFault(name: name, weight: weight, kind: kind, durationNs: durationNs,
                                    step: .mapping(Node.Mapping(step.map { ($0.key, $0.value) }, .implicit, .any, item.mark))))
        }
        if !faults.isEmpty, faults.allSatisfy({ $0.weight == 0 }) {
            diagnostics.error("every weight is 0: nothing could ever be drawn", at: node, path: path)
        }
        return faults
    }
}

extension SoakDefinition {
    /// The soak as a scenario with `method` for its method (the nodes keep their positions in the soak file).
    func scenario(method: [Node]) -> Node {
        guard case .mapping(let shared) = scenarioRoot else { return scenarioRoot }
        let pairs = shared.map { ($0.key, $0.value) } + [(Node.scalar(.init("method")), Node.sequence(.init(method)))]
        return .mapping(Node.Mapping(pairs, .implicit, .any, scenarioRoot.mark))
    }
}
