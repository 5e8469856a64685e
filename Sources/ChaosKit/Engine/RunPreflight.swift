// Before anything is injected: no unhealed fault, a lab with the scenario's profile, healthy, steady state holding.

/// What preflight found and the run needs.
struct PreflightResult: Sendable {
    let inventory: Inventory
    let endpoints: RunEndpoints
}

/// Checks the environment before a run; every failure is a ``RunError`` (exit 3) and nothing is touched.
struct RunPreflight: Sendable {
    let lab: LabController

    func check(_ scenario: Scenario) throws -> PreflightResult {
        let journal = FaultJournal(stateDirectory: lab.layout.stateDirectory)
        let open = try journal.unhealed()
        if !open.isEmpty {
            throw RunError(
                "\(open.count) fault(s) from an earlier run are still in effect: \(open.map { "\($0.record.id) \($0.record.kind ?? "")" }.joined(separator: ", "))",
                hint: "run `chaos recover` to undo them, then run again")
        }
        guard var inventory = lab.inventory() else {
            throw RunError("no lab is up (no inventory at \(lab.layout.inventoryFile))", hint: "bring it up with `chaos lab up`")
        }
        if inventory.profile != scenario.cluster {
            do {
                _ = try lab.reconfigure(to: scenario.cluster)
            } catch {
                throw RunError("could not reconfigure the lab to \(scenario.cluster.summary): \(error)", hint: "try `chaos lab reset`")
            }
            guard let updated = lab.inventory() else { throw RunError("the lab's inventory vanished while reconfiguring") }
            inventory = updated
        }
        do {
            _ = try lab.waitUntilHealthy(timeout: .seconds(90))
        } catch {
            throw RunError("the cluster is not healthy: \(error)", hint: "see `chaos lab status`; `chaos lab reset` rebuilds it")
        }
        guard let credentials = lab.credentials() else {
            throw RunError("cannot read the lab's credentials at \(lab.layout.credentialsFile)", hint: "run as root")
        }
        let endpoints = RunEndpoints(inventory: inventory, credentials: credentials)
        let probes = ProbeRunner(lab: lab, endpoints: endpoints)
        for step in scenario.steadyState {
            guard case .probe(let probe) = step.action else { continue }
            let outcome = probes.run(probe)
            if !outcome.held {
                throw RunError("steady state '\(step.name)' does not hold before the run: \(outcome.detail)", hint: "nothing was injected; check `chaos lab status`")
            }
        }
        return PreflightResult(inventory: inventory, endpoints: endpoints)
    }
}
