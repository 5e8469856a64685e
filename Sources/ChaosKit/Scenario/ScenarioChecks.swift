// Checks across sections: step names and references, platform capabilities, metrics vs workload paths.

/// Checks that need the whole scenario.
struct ScenarioChecks {
    let capabilities: PlatformCapabilities
    let diagnostics: DiagnosticCollector

    func check(_ scenario: Scenario) {
        checkNames(scenario.steadyState + scenario.method + scenario.rollbacks + scenario.during.probes)
        checkPromQLBounds(scenario.allProbeSteps)
        checkHeals(scenario.method, rollbacks: scenario.rollbacks)
        checkCapabilities(scenario.method)
        checkKillSignals(scenario.method)
        checkRoles(scenario)
        checkMetricPaths(scenario)
        checkPredictedBounds(scenario)
    }

    /// A hypothesis that names `predicted.M` needs the model to predict M for this scenario (its fault and settings).
    private func checkPredictedBounds(_ scenario: Scenario) {
        let wanted = scenario.hypotheses.filter { $0.expression.predicted != nil }
        guard !wanted.isEmpty else { return }
        let predictions = FailoverModel.predict(scenario)
        for hypothesis in wanted {
            guard let bound = hypothesis.expression.predicted, predictions.prediction(for: bound.metric) == nil else { continue }
            let why = predictions.unmodelled ?? "the model predicts " + predictions.predictions.map(\.metric).joined(separator: ", ") + " here"
            diagnostics.error("no prediction of \(bound.metric) for this scenario: \(why) (see `chaos predict FILE`)",
                              at: hypothesis.location, path: hypothesis.keyPath)
        }
    }

    private func checkNames(_ steps: [Step]) {
        var seen: [String: Step] = [:]
        for step in steps where step.isNamed {
            if let first = seen[step.name] {
                diagnostics.error(
                    "duplicate step name '\(step.name)' (first at line \(first.location.line))", at: step.location,
                    path: step.keyPath + ".name")
            } else {
                seen[step.name] = step
            }
        }
    }

    /// How many unknown heal references get a did-you-mean: each costs an edit distance against every step
    /// name, so suggesting for all of them would make a large file's check quadratic.
    static let suggestionLimit = 20

    private func checkHeals(_ method: [Step], rollbacks: [Step]) {
        var indexByName: [String: Int] = [:]
        for (index, step) in method.enumerated() where indexByName[step.name] == nil { indexByName[step.name] = index }
        var suggestionsLeft = Self.suggestionLimit
        for (position, step) in (method + rollbacks).enumerated() {
            guard case .heal(let target) = step.action else { continue }
            guard let index = indexByName[target] else {
                var suggestion: String?
                if suggestionsLeft > 0 {
                    suggestionsLeft -= 1
                    suggestion = Suggestion.closest(to: target, among: method.filter(\.isNamed).map(\.name))
                }
                diagnostics.error(
                    "heal refers to a step '\(target)' that does not exist in the method", at: step.location, path: step.keyPath + ".heal",
                    suggestion: suggestion)
                continue
            }
            guard case .fault(let fault) = method[index].action else {
                diagnostics.error("heal refers to '\(target)', which is not a fault", at: step.location, path: step.keyPath + ".heal")
                continue
            }
            if !fault.definition.isHealable {
                diagnostics.error(
                    "'\(target)' is a \(fault.kind), which acts once and cannot be healed", at: step.location, path: step.keyPath + ".heal")
            } else if position < method.count, index > position {
                diagnostics.error("heal of '\(target)' comes before that fault is injected", at: step.location, path: step.keyPath + ".heal")
            }
        }
    }

    /// A `promql` probe needs something to compare with: `min`/`max`, or `equals` (with an optional `tolerance`).
    private func checkPromQLBounds(_ steps: [Step]) {
        for step in steps {
            guard case .probe(let probe) = step.action, probe.kind == "promql" else { continue }
            let p = probe.parameters
            let hasRange = p["min"] != nil || p["max"] != nil
            if p["equals"] == nil && !hasRange {
                diagnostics.error("a promql probe needs min, max or equals to compare the query's value with", at: step.location, path: step.keyPath)
            } else if p["equals"] != nil && hasRange {
                diagnostics.error("a promql probe takes either equals (± tolerance) or min/max, not both", at: step.location, path: step.keyPath)
            } else if let min = p["min"]?.numberValue, let max = p["max"]?.numberValue, min > max {
                diagnostics.error("min (\(min)) is above max (\(max)): no value could pass", at: step.location, path: step.keyPath + ".min")
            }
        }
    }

    private func checkCapabilities(_ steps: [Step]) {
        for step in steps {
            guard case .fault(let fault) = step.action else { continue }
            for capability in fault.definition.requires.sorted(by: { $0.rawValue < $1.rawValue }) {
                if case .unsupported(let reason) = capabilities.availability(of: capability) {
                    diagnostics.error(
                        "fault '\(fault.kind)' needs \(capability), which this platform lacks: \(reason)", at: step.location,
                        path: step.keyPath + ".fault")
                }
            }
        }
    }

    /// `kill` is healed by starting what it killed; a stop signal leaves the process alive but frozen, which
    /// that undo cannot see, so freezing is `pause`'s job (healed by SIGCONT).
    private func checkKillSignals(_ steps: [Step]) {
        for step in steps {
            guard case .fault(let fault) = step.action, fault.kind == "kill",
                  case .signal(let signal) = fault.parameters["signal"], signal.freezesProcess else { continue }
            diagnostics.error(
                "kill with \(signal.name) would freeze the process, not end it, and its heal (start again) would leave it frozen; "
                    + "use 'fault: pause' to freeze a service (healed with SIGCONT)",
                at: step.location, path: step.keyPath + ".signal")
        }
    }

    private func checkRoles(_ scenario: Scenario) {
        guard scenario.cluster.replication == .async else { return }
        for step in scenario.method {
            let invocation: KindInvocation
            switch step.action {
            case .fault(let value), .action(let value), .probe(let value), .waitFor(let value): invocation = value
            default: continue
            }
            for value in invocation.parameters.values {
                let targets: [TargetSelector]
                switch value {
                case .target(let target): targets = [target]
                case .targetGroups(let groups): targets = groups.flatMap { $0 }
                default: targets = []
                }
                if targets.contains(where: { $0.role == .syncStandby }) {
                    diagnostics.error(
                        "sync_standby exists only with synchronous replication; add 'cluster: {replication: sync}'",
                        at: step.location, path: step.keyPath)
                }
            }
        }
    }

    private func checkMetricPaths(_ scenario: Scenario) {
        let missing = WritePath.allCases.filter { !scenario.workload.paths.contains($0) }
        let readPaths = Set(scenario.workload.readers.map(\.path))
        for hypothesis in scenario.hypotheses {
            let name = hypothesis.expression.metric.name
            if name.hasPrefix("during."), scenario.during.probes.isEmpty {
                diagnostics.error(
                    "'\(name)' counts failures of the `during:` probes, and the scenario has none; add a `during:` section",
                    at: hypothesis.location, path: hypothesis.keyPath)
                continue
            }
            if name.contains("metric."), scenario.workload.sampling == .zero {
                diagnostics.error(
                    "'\(name)' is read by the sampler, which this scenario turns off (workload.sampling: 0s)",
                    at: hypothesis.location, path: hypothesis.keyPath)
                continue
            }
            if name.hasPrefix("reads.") {
                if readPaths.isEmpty {
                    diagnostics.error(
                        "'\(name)' measures readers, and the workload has none; add `workload: {readers: [pgpool, replica]}`",
                        at: hypothesis.location, path: hypothesis.keyPath)
                } else if let path = ReadPath.allCases.first(where: { name.hasSuffix(".\($0.rawValue)") }), !readPaths.contains(path) {
                    diagnostics.error(
                        "'\(name)' measures the \(path.rawValue) reader, which the workload does not have",
                        at: hypothesis.location, path: hypothesis.keyPath)
                }
                continue
            }
            for path in missing where hypothesis.expression.metric.name.hasSuffix(".\(path.rawValue)") {
                diagnostics.error(
                    "'\(hypothesis.expression.metric.name)' measures the \(path.rawValue) path, which the workload does not write through",
                    at: hypothesis.location, path: hypothesis.keyPath)
            }
            if scenario.workload.bank == nil, name.hasPrefix("bank.") || name == "invariant.bank_total" || name == "invariant.transfers_exactly_once" {
                diagnostics.error(
                    "'\(name)' is measured by the bank workload, and the workload has none; add `workload: {bank: {accounts: 10}}`",
                    at: hypothesis.location, path: hypothesis.keyPath)
            }
            if scenario.workload.pgbench == nil, hypothesis.expression.metric.name.hasPrefix("throughput.") {
                diagnostics.error(
                    "'\(hypothesis.expression.metric.name)' measures a pgbench load, and the workload has none; add `workload: {pgbench: {clients: 8}}`",
                    at: hypothesis.location, path: hypothesis.keyPath)
            }
        }
    }
}
