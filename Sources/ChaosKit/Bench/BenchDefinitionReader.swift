// Reads and checks a benchmark definition (`kind: benchmark`), reporting every problem with file:line:col.

import Foundation
import Yams

/// The result of loading a benchmark definition: the definition when valid, and every diagnostic.
public struct BenchLoadResult: Sendable {
    /// The definition, when there were no errors.
    public var definition: BenchDefinition?
    /// Errors and warnings, in file order.
    public var diagnostics: [Diagnostic]
}

/// Loads benchmark definitions. Nothing here touches a cluster.
public enum BenchDefinitionReader {
    /// The top-level keys of a benchmark definition.
    public static let topLevelKeys = [
        "kind", "version", "title", "description", "targets", "modes", "clients", "duration", "warmup", "repetitions", "scale",
        "threads", "cluster", "keep",
    ]

    /// The most clients a cell may have: the lab's PostgreSQL allows 100 connections. Through PgPool-II a cell
    /// is also bounded by its `num_init_children` (32 in the lab), checked against the running PgPool-II.
    public static let maximumClients = 64

    /// The most clients of a scenario's pgbench load: it shares PgPool-II's 32 children with the writers and
    /// the observer.
    public static let maximumLoadClients = 30

    /// Whether YAML text declares `kind: benchmark` at its top level (cheap: used to route a file to
    /// this reader rather than the scenario loader).
    public static func isBenchmark(text: String) -> Bool { DocumentKind.declares("benchmark", in: text) }

    /// Reads and checks a file.
    public static func load(fileAt path: String) -> BenchLoadResult {
        switch ScenarioLoader.readText(at: path) {
        case .success(let text): return load(text: text, file: path)
        case .failure(let problem):
            return BenchLoadResult(definition: nil, diagnostics: [
                Diagnostic(location: SourceLocation(file: path, line: 1, column: 1), keyPath: "", message: problem.message)
            ])
        }
    }

    /// Checks definition text; `file` names it in diagnostics.
    public static func load(text: String, file: String) -> BenchLoadResult {
        let diagnostics = DiagnosticCollector(file: file)
        guard let root = diagnostics.compose(text, emptyMessage: "the file is empty; a benchmark needs `kind: benchmark`, targets, modes and clients") else {
            return BenchLoadResult(definition: nil, diagnostics: diagnostics.diagnostics)
        }
        let name = URL(fileURLWithPath: file).deletingPathExtension().lastPathComponent
        let definition = read(root, name: name, diagnostics: diagnostics)
        let sorted = diagnostics.diagnostics.sorted { $0.location < $1.location }
        return BenchLoadResult(definition: diagnostics.hasErrors ? nil : definition, diagnostics: sorted)
    }

    static func read(_ root: Node, name: String, diagnostics: DiagnosticCollector) -> BenchDefinition? {
        guard let fields = YAMLFields(root, path: .root, what: "a benchmark", into: diagnostics) else { return nil }
        if fields.value("kind") == nil, let method = fields.keyNode("method") {
            diagnostics.error("this is a scenario (it has a method), not a benchmark definition; run it with `chaos run \(diagnostics.file)`",
                              at: method, path: .root.key("method"))
            return nil
        }
        fields.rejectUnknownKeys(allowed: topLevelKeys, context: "a benchmark", into: diagnostics)
        let root = KeyPath.root
        if let kind = fields.value("kind") {
            _ = YAMLScalar.choice(kind, path: root.key("kind"), among: ["benchmark"], what: "kind", into: diagnostics)
        } else {
            diagnostics.error("a benchmark needs `kind: benchmark`", at: fields.node, path: root)
        }
        if let version = fields.value("version"),
            let number = YAMLScalar.integer(version, path: root.key("version"), min: nil, max: nil, into: diagnostics), number != 1
        {
            diagnostics.error("this chaos reads benchmark version 1, the file says \(number)", at: version, path: root.key("version"))
        }
        let title = fields.value("title").flatMap { YAMLScalar.string($0, path: root.key("title"), into: diagnostics) } ?? name
        let targets: [BenchTarget] = words(fields, "targets", what: "target", diagnostics: diagnostics) ?? [.single, .direct, .pgpool]
        let modes: [BenchMode] = words(fields, "modes", what: "mode", diagnostics: diagnostics) ?? [.tpcbLike]
        var clients = [1, 4, 8, 16]
        if let node = fields.value("clients"),
            let items = YAMLScalar.list(node, path: root.key("clients"), allowSingle: true, into: diagnostics)
        {
            clients = items.enumerated().compactMap { i, item in
                YAMLScalar.integer(item, path: root.key("clients").index(i), min: 1, max: maximumClients, into: diagnostics)
            }
            if items.isEmpty { diagnostics.error("no client counts; list at least one, e.g. [1, 4, 16]", at: node, path: root.key("clients")) }
            if Set(clients).count != clients.count {
                diagnostics.error("a client count is listed twice; each cell is measured once per repetition", at: node, path: root.key("clients"))
            }
        }
        let duration = seconds(fields, "duration", minimum: 2, default: 60, diagnostics: diagnostics,
                               why: "too short for one progress interval (1 s) after the first; use at least 2s")
        let warmup = seconds(fields, "warmup", minimum: 0, default: 5, diagnostics: diagnostics, why: "")
        let repetitions = integer(fields, "repetitions", min: 1, max: 100, default: 1, diagnostics: diagnostics)
        let scale = integer(fields, "scale", min: 1, max: 1000, default: 1, diagnostics: diagnostics)
        let threads = fields.value("threads").flatMap { YAMLScalar.integer($0, path: root.key("threads"), min: 1, max: 64, into: diagnostics) }
        let reader = ScenarioDocumentReader(diagnostics: diagnostics, parameters: ParameterReader(members: [], diagnostics: diagnostics))
        let cluster = fields.value("cluster").map(reader.readCluster) ?? ClusterRequirements()
        let keep = fields.value("keep").flatMap { YAMLScalar.bool($0, path: root.key("keep"), into: diagnostics) } ?? false
        if targets == [.replica], modes.allSatisfy(\.writes) {
            diagnostics.error("every mode writes and the only target is replica, which is read-only; add select-only or another target",
                              at: fields.value("targets"), path: root.key("targets"))
        } else if targets.contains(.replica), let writing = modes.first(where: \.writes) {
            diagnostics.warning("replica is read-only: its \(writing.rawValue) cells are left out", at: fields.value("targets"), path: root.key("targets"))
        }
        return BenchDefinition(
            name: name, title: title, targets: targets, modes: modes, clients: clients, durationSeconds: duration,
            warmupSeconds: warmup, repetitions: repetitions, scale: scale, threads: threads, cluster: cluster, keep: keep)
    }

    private static func words<Word: RawRepresentable & CaseIterable>(
        _ fields: YAMLFields, _ key: String, what: String, diagnostics: DiagnosticCollector
    ) -> [Word]? where Word.RawValue == String {
        guard let node = fields.value(key) else { return nil }
        let path = KeyPath.root.key(key)
        guard let items = YAMLScalar.list(node, path: path, allowSingle: true, into: diagnostics) else { return nil }
        if items.isEmpty { diagnostics.error("no \(what)s; list at least one", at: node, path: path) }
        let allowed = Word.allCases.map(\.rawValue)
        let values = items.enumerated().compactMap { i, item in
            YAMLScalar.choice(item, path: path.index(i), among: allowed, what: what, into: diagnostics).flatMap(Word.init(rawValue:))
        }
        if Set(values.map(\.rawValue)).count != values.count {
            diagnostics.error("a \(what) is listed twice", at: node, path: path)
        }
        return values
    }

    private static func seconds(
        _ fields: YAMLFields, _ key: String, minimum: Int, default value: Int, diagnostics: DiagnosticCollector, why: String
    ) -> Int {
        guard let node = fields.value(key), let duration = YAMLScalar.duration(node, path: .root.key(key), into: diagnostics) else { return value }
        let seconds = duration.seconds
        if seconds < Double(minimum) {
            diagnostics.error("\(key) \(duration) is \(why.isEmpty ? "too short" : why)", at: node, path: .root.key(key))
            return value
        }
        if seconds > 86_400 {
            diagnostics.error("\(key) \(duration) is longer than a day; a cell that long is a soak, not a benchmark", at: node, path: .root.key(key))
            return value
        }
        if seconds != seconds.rounded() {
            diagnostics.error("\(key) must be whole seconds (pgbench runs for -T seconds), found \(duration)", at: node, path: .root.key(key))
            return value
        }
        return Int(seconds)
    }

    private static func integer(
        _ fields: YAMLFields, _ key: String, min: Int, max: Int, default value: Int, diagnostics: DiagnosticCollector
    ) -> Int {
        fields.value(key).flatMap { YAMLScalar.integer($0, path: .root.key(key), min: min, max: max, into: diagnostics) } ?? value
    }

    /// A definition from command-line words, checked by the same rules: the flags are written as YAML and
    /// read back, so `--clients 0` is refused exactly as `clients: [0]` in a file.
    public static func load(
        targets: String?, modes: String?, clients: String?, duration: String?, warmup: String?, repetitions: String?,
        scale: String?, replication: String?
    ) -> BenchLoadResult {
        var lines = ["kind: benchmark", "title: ad-hoc benchmark"]
        func list(_ key: String, _ value: String?) {
            guard let value else { return }
            let items = value.split(separator: ",").map { "'\($0.trimmingCharacters(in: .whitespaces).replacingOccurrences(of: "'", with: "''"))'" }
            lines.append("\(key): [\(items.joined(separator: ", "))]")
        }
        func scalar(_ key: String, _ value: String?) {
            guard let value else { return }
            lines.append("\(key): '\(value.replacingOccurrences(of: "'", with: "''"))'")
        }
        list("targets", targets)
        list("modes", modes)
        list("clients", clients)
        scalar("duration", duration)
        scalar("warmup", warmup)
        scalar("repetitions", repetitions)
        scalar("scale", scale)
        if let replication { lines.append("cluster: {replication: '\(replication.replacingOccurrences(of: "'", with: "''"))'}") }
        var result = load(text: lines.joined(separator: "\n") + "\n", file: "<command line>")
        result.definition?.name = "ad-hoc"
        return result
    }
}
