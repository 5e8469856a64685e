// Reads the top level of a scenario document into the model, section by section.

import Yams

/// Reads each section of a scenario, reporting every problem it meets.
struct ScenarioDocumentReader {
    let diagnostics: DiagnosticCollector
    let parameters: ParameterReader

    func read(_ root: Node, file: String, name: String) -> Scenario? {
        guard let fields = YAMLFields(root, path: .root, what: "a scenario", into: diagnostics) else { return nil }
        fields.rejectUnknownKeys(allowed: ScenarioLoader.topLevelKeys, context: "a scenario", into: diagnostics)
        if let version = fields.value("version"),
            let number = YAMLScalar.integer(version, path: .root.key("version"), min: nil, max: nil, into: diagnostics), number != 1
        {
            diagnostics.error("this chaos reads scenario version 1, the file says \(number)", at: version, path: .root.key("version"))
        }
        var title = ""
        if let node = fields.value("title") {
            title = YAMLScalar.string(node, path: .root.key("title"), into: diagnostics) ?? ""
        } else {
            diagnostics.error("a scenario needs a 'title'", at: root, path: .root)
        }
        let description = fields.value("description").flatMap { YAMLScalar.string($0, path: .root.key("description"), into: diagnostics) } ?? ""
        let tags = readTags(fields.value("tags"))
        let cluster = fields.value("cluster").map(readCluster) ?? ClusterRequirements()
        let workload = fields.value("workload").map(readWorkload) ?? WorkloadSpec()
        let steps = StepReader(parameters: parameters)
        let steadyState = readSteps(fields.value("steady_state"), key: "steady_state", kinds: ["probe"], reader: steps)
        var method: [Step] = []
        if let node = fields.value("method") {
            method = readSteps(node, key: "method", kinds: StepReader.kindKeys, reader: steps)
            if case .sequence(let sequence) = node, sequence.isEmpty {
                diagnostics.error("the method is empty; add at least one step (e.g. a fault)", at: node, path: .root.key("method"))
            }
        } else {
            diagnostics.error("a scenario needs a 'method': the list of steps to run", at: root, path: .root)
        }
        let rollbacks = readSteps(fields.value("rollbacks"), key: "rollbacks", kinds: ["action", "heal"], reader: steps)
        let hypotheses = readHypotheses(fields.value("hypotheses"))
        let abortWhen = readExpressions(fields.value("abort_when"), key: "abort_when")
        var scenario = Scenario(
            file: file, name: name, title: title, description: description, tags: tags, cluster: cluster,
            steadyState: steadyState, workload: workload, method: method, hypotheses: hypotheses, abortWhen: abortWhen,
            rollbacks: rollbacks)
        scenario.during = readDuring(fields.value("during"), reader: steps)
        if scenario.during.probes.isEmpty { refuseDuringMetrics(in: fields.value("abort_when")) }
        return scenario
    }

    private func readTags(_ node: Node?) -> [String] {
        guard let node, let items = YAMLScalar.list(node, path: .root.key("tags"), allowSingle: true, into: diagnostics) else { return [] }
        return items.enumerated().compactMap { i, item in YAMLScalar.string(item, path: .root.key("tags").index(i), into: diagnostics) }
    }

    private func readWorkload(_ node: Node) -> WorkloadSpec {
        let path = KeyPath.root.key("workload")
        var workload = WorkloadSpec()
        guard let fields = YAMLFields(node, path: path, what: "workload", into: diagnostics) else { return workload }
        fields.rejectUnknownKeys(allowed: ["paths", "rate", "warmup", "timeout", "cooldown", "recovery_hold", "pgbench", "readers", "sampling", "bank"], context: "workload", into: diagnostics)
        if let value = fields.value("paths"), let items = YAMLScalar.list(value, path: path.key("paths"), allowSingle: true, into: diagnostics) {
            let words = WritePath.allCases.map(\.rawValue)
            let paths = items.enumerated().compactMap { i, item in
                YAMLScalar.choice(item, path: path.key("paths").index(i), among: words, what: "writer path", into: diagnostics)
                    .flatMap(WritePath.init(rawValue:))
            }
            if items.isEmpty {
                diagnostics.error("no writer paths; list direct, pgpool or both", at: value, path: path.key("paths"))
            }
            workload.paths = paths
        }
        if let value = fields.value("rate"), let rate = YAMLScalar.integer(value, path: path.key("rate"), min: 1, max: 5000, into: diagnostics) {
            workload.rate = rate
        }
        for (key, keyPath) in [("warmup", \WorkloadSpec.warmup), ("timeout", \.timeout), ("cooldown", \.cooldown), ("recovery_hold", \.recoveryHold)] {
            if let value = fields.value(key), let duration = YAMLScalar.duration(value, path: path.key(key), into: diagnostics) {
                if key == "timeout", duration == .zero {
                    diagnostics.error("a write timeout of 0 would fail every write; use e.g. 2s", at: value, path: path.key(key))
                }
                workload[keyPath: keyPath] = duration
            }
        }
        if let value = fields.value("pgbench") { workload.pgbench = readPgbenchLoad(value, path: path.key("pgbench")) }
        if let value = fields.value("readers") { workload.readers = readReaders(value, path: path.key("readers")) }
        if let value = fields.value("bank") { workload.bank = readBank(value, path: path.key("bank")) }
        if let value = fields.value("sampling"), let duration = YAMLScalar.duration(value, path: path.key("sampling"), into: diagnostics) {
            if duration != .zero && (duration.nanoseconds < 100_000_000 || duration.nanoseconds > 60_000_000_000) {
                diagnostics.error("sample every 100ms to 60s, or 0s for no sampling; '\(duration)' is out of range", at: value, path: path.key("sampling"))
            } else {
                workload.sampling = duration
            }
        }
        return workload
    }

    /// `readers:` — a list of `{path, rate}` maps, or of bare path names (50 reads/s each); one reader per path.
    private func readReaders(_ node: Node, path: KeyPath) -> [ReaderSpec] {
        guard let items = YAMLScalar.list(node, path: path, allowSingle: true, into: diagnostics) else { return [] }
        let words = ReadPath.allCases.map(\.rawValue)
        var readers: [ReaderSpec] = []
        for (i, item) in items.enumerated() {
            let itemPath = path.index(i)
            var reader: ReaderSpec?
            if case .mapping = item {
                guard let fields = YAMLFields(item, path: itemPath, what: "reader", into: diagnostics) else { continue }
                fields.rejectUnknownKeys(allowed: ["path", "rate"], context: "reader", into: diagnostics)
                guard let value = fields.value("path") else {
                    diagnostics.error("a reader needs a path: pgpool or replica", at: item, path: itemPath)
                    continue
                }
                if let word = YAMLScalar.choice(value, path: itemPath.key("path"), among: words, what: "reader path", into: diagnostics),
                   let readPath = ReadPath(rawValue: word) {
                    reader = ReaderSpec(path: readPath)
                    if let rateNode = fields.value("rate"),
                       let rate = YAMLScalar.integer(rateNode, path: itemPath.key("rate"), min: 1, max: 1000, into: diagnostics) {
                        reader?.rate = rate
                    }
                }
            } else if let word = YAMLScalar.choice(item, path: itemPath, among: words, what: "reader path", into: diagnostics) {
                reader = ReadPath(rawValue: word).map { ReaderSpec(path: $0) }
            }
            guard let reader else { continue }
            if readers.contains(where: { $0.path == reader.path }) {
                diagnostics.error("a second \(reader.path.rawValue) reader; give one reader per path a higher rate instead", at: item, path: itemPath)
                continue
            }
            readers.append(reader)
        }
        return readers
    }

    /// `bank:` — `true`/`{}` for the default bank, or its settings.
    private func readBank(_ node: Node, path: KeyPath) -> BankSpec? {
        if case .scalar = node {
            return YAMLScalar.bool(node, path: path, into: diagnostics).flatMap { $0 ? BankSpec() : nil }
        }
        guard let fields = YAMLFields(node, path: path, what: "workload.bank", into: diagnostics) else { return nil }
        fields.rejectUnknownKeys(allowed: ["accounts", "balance", "rate", "isolation", "check_rate", "split_transfers"], context: "workload.bank", into: diagnostics)
        var bank = BankSpec()
        for (key, keyPath, low, high) in [("accounts", \BankSpec.accounts, 2, 10_000), ("balance", \.balance, 10, 1_000_000_000),
                                          ("rate", \.rate, 1, 1_000), ("check_rate", \.checkRate, 1, 1_000)] {
            if let value = fields.value(key), let number = YAMLScalar.integer(value, path: path.key(key), min: low, max: high, into: diagnostics) {
                bank[keyPath: keyPath] = number
            }
        }
        if let value = fields.value("isolation"), let items = YAMLScalar.list(value, path: path.key("isolation"), allowSingle: true, into: diagnostics) {
            let levels = items.enumerated().compactMap { i, item in
                YAMLScalar.choice(item, path: path.key("isolation").index(i), among: BankIsolation.allCases.map(\.rawValue), what: "isolation level", into: diagnostics)
                    .flatMap(BankIsolation.init(rawValue:))
            }
            if items.isEmpty { diagnostics.error("no isolation level; list read_committed, serializable or both", at: value, path: path.key("isolation")) }
            bank.isolation = BankIsolation.allCases.filter(levels.contains)
        }
        if let value = fields.value("split_transfers"), let split = YAMLScalar.bool(value, path: path.key("split_transfers"), into: diagnostics) {
            bank.splitTransfers = split
        }
        return bank
    }

    private func readPgbenchLoad(_ node: Node, path: KeyPath) -> PgbenchLoadSpec? {
        guard let fields = YAMLFields(node, path: path, what: "workload.pgbench", into: diagnostics) else { return nil }
        fields.rejectUnknownKeys(allowed: ["clients", "mode", "path", "scale"], context: "workload.pgbench", into: diagnostics)
        var load = PgbenchLoadSpec()
        if let value = fields.value("clients"),
           let clients = YAMLScalar.integer(value, path: path.key("clients"), min: 1, max: BenchDefinitionReader.maximumLoadClients, into: diagnostics) {
            load.clients = clients
        }
        if let value = fields.value("mode"),
           let word = YAMLScalar.choice(value, path: path.key("mode"), among: BenchMode.allCases.map(\.rawValue), what: "pgbench mode", into: diagnostics) {
            load.mode = BenchMode(rawValue: word) ?? .tpcbLike
        }
        if let value = fields.value("path"),
           let word = YAMLScalar.choice(value, path: path.key("path"), among: WritePath.allCases.map(\.rawValue), what: "pgbench path", into: diagnostics) {
            load.path = WritePath(rawValue: word) ?? .pgpool
        }
        if let value = fields.value("scale"), let scale = YAMLScalar.integer(value, path: path.key("scale"), min: 1, max: 100, into: diagnostics) {
            load.scale = scale
        }
        return load
    }

    private func readSteps(_ node: Node?, key: String, kinds: [String], reader: StepReader) -> [Step] {
        guard let node else { return [] }
        let path = KeyPath.root.key(key)
        guard let items = YAMLScalar.list(node, path: path, into: diagnostics) else { return [] }
        return items.enumerated().compactMap { i, item in
            reader.read(item, path: path.index(i), index: i, allowedKinds: kinds, listName: key)
        }
    }

    private func readHypotheses(_ node: Node?) -> [Hypothesis] {
        guard let node else { return [] }
        let path = KeyPath.root.key("hypotheses")
        guard let items = YAMLScalar.list(node, path: path, into: diagnostics) else { return [] }
        return items.enumerated().compactMap { i, item in
            let itemPath = path.index(i)
            var expressionNode = item
            var note: String?
            if case .mapping = item {
                guard let fields = YAMLFields(item, path: itemPath, what: "a hypothesis", into: diagnostics) else { return nil }
                fields.rejectUnknownKeys(allowed: ["expect", "note"], context: "a hypothesis", into: diagnostics)
                guard let expect = fields.value("expect") else {
                    diagnostics.error("a hypothesis mapping needs 'expect', e.g. expect: rto.direct < 15s", at: item, path: itemPath)
                    return nil
                }
                expressionNode = expect
                note = fields.value("note").flatMap { YAMLScalar.string($0, path: itemPath.key("note"), into: diagnostics) }
            }
            guard let expression = readExpression(expressionNode, path: itemPath, scope: .result) else { return nil }
            return Hypothesis(
                expression: expression, note: note, location: diagnostics.location(of: expressionNode), keyPath: itemPath.description)
        }
    }

    private func readExpressions(_ node: Node?, key: String) -> [Expression] {
        guard let node else { return [] }
        let path = KeyPath.root.key(key)
        guard let items = YAMLScalar.list(node, path: path, into: diagnostics) else { return [] }
        return items.enumerated().compactMap { i, item in readExpression(item, path: path.index(i), scope: .live) }
    }

    private func readExpression(_ node: Node, path: KeyPath, scope: MetricScope) -> Expression? {
        guard let text = YAMLScalar.string(node, path: path, into: diagnostics) else { return nil }
        switch Expression.parse(text, scope: scope) {
        case .success(let expression): return expression
        case .failure(let error):
            diagnostics.error(
                error.message, at: node, path: path, suggestion: error.suggestion,
                columnOffset: YAMLScalar.contentOffset(of: node) + error.offset)
            return nil
        }
    }
}
