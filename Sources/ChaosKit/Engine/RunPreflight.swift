// Before anything is injected: no unhealed fault, a cluster with the scenario's profile, healthy, steady state holding.

/// What preflight found and the run needs.
struct PreflightResult: Sendable {
    let inventory: Inventory
    let endpoints: RunEndpoints
}

/// Checks the environment before a run; every failure is a ``RunError`` (exit 3) and nothing is touched.
struct RunPreflight: Sendable {
    let platform: any ClusterPlatform

    func check(_ scenario: Scenario) throws -> PreflightResult {
        let open = try platform.journal.unhealed()
        if !open.isEmpty {
            throw RunError(
                "\(open.count) fault(s) from an earlier run are still in effect: \(open.map { "\($0.record.id) \($0.record.kind ?? "")" }.joined(separator: ", "))",
                hint: "run `chaos recover` to undo them, then run again")
        }
        let inventory: Inventory
        let credentials: ClusterCredentials
        do { _ = try platform.currentInventory() } catch { throw RunError(error.message, hint: error.hint) }
        do {
            try platform.prepare(for: scenario.cluster, progress: { _ in })
            inventory = try platform.currentInventory()
        } catch {
            throw RunError("could not bring the cluster to \(scenario.cluster.summary): \(error.message)", hint: error.hint)
        }
        do {
            _ = try platform.waitUntilHealthy(timeout: .seconds(90))
        } catch {
            throw RunError("the cluster is not healthy: \(error)", hint: "see `chaos lab status`" + (platform.kind == .local ? "; `chaos lab reset` rebuilds it" : ""))
        }
        do { credentials = try platform.currentCredentials() } catch {
            throw RunError(error.message, hint: error.hint)
        }
        let endpoints = RunEndpoints(inventory: inventory, credentials: credentials, prometheusURL: try prometheus(for: scenario))
        let probes = ProbeRunner(platform: platform, endpoints: endpoints)
        for step in scenario.steadyState {
            guard case .probe(let probe) = step.action else { continue }
            let outcome = probes.run(probe)
            if !outcome.held {
                throw RunError("steady state '\(step.name)' does not hold before the run: \(outcome.detail)", hint: "nothing was injected; check `chaos lab status`")
            }
        }
        return PreflightResult(inventory: inventory, endpoints: endpoints)
    }

    /// The cluster's Prometheus when a `promql` probe with no url of its own needs it (the lab starts its own, left
    /// running for the next run); refused before anything is injected where none runs.
    private func prometheus(for scenario: Scenario) throws -> String? {
        let needing = scenario.allProbeSteps.first { step in
            guard case .probe(let probe) = step.action else { return false }
            return probe.kind == "promql" && probe.parameters["url"] == nil
        }
        guard let step = needing else { return platform.prometheusURL() }
        let url: String?
        do { url = try platform.ensurePrometheus(progress: { _ in }) } catch {
            throw RunError("probe '\(step.name)' (\(step.location)) needs the cluster's Prometheus: \(error.message)", hint: error.hint)
        }
        guard let url else {
            throw RunError(
                "probe '\(step.name)' (\(step.location)) asks the cluster's Prometheus, and none runs",
                hint: platform.kind == .docker
                    ? "start the Compose stack with `--profile monitoring`, or give the probe a url"
                    : "give the probe the url of the Prometheus that scrapes this cluster")
        }
        return url
    }
}
