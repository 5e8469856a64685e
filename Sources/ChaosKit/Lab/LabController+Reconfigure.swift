// Changing a running lab's settings without rebuilding it: ttl / loop_wait / retry_timeout, maximum_lag_on_failover,
// synchronous_mode(_strict) and failsafe_mode are Patroni dynamic settings (PATCH /config, no restart of
// PostgreSQL); PgPool-II's search_primary_node_timeout (follows ttl) and health_check_* are reloadable (pgpool.conf
// rewritten, SIGHUP).

import Foundation

extension LabController {
    /// Applies `profile` to the running lab and waits until it is healthy again.
    public func reconfigure(to profile: ClusterRequirements, progress: LabProgress = { _ in }) throws(LabError) -> LabStatus {
        try withLabLock { () throws(LabError) -> LabStatus in try reconfigureHoldingLock(to: profile, progress: progress) }
    }

    func reconfigureHoldingLock(to profile: ClusterRequirements, progress: LabProgress) throws(LabError) -> LabStatus {
        guard var inventory = inventory(), let credentials = credentials() else {
            throw LabError("the lab is down, nothing to reconfigure", hint: "`chaos lab up` builds it with the profile you ask for")
        }
        let body: [String: Any] = [
            "ttl": profile.ttl, "loop_wait": profile.loopWait, "retry_timeout": profile.retryTimeout,
            "synchronous_mode": profile.replication == .sync, "failsafe_mode": profile.failsafe,
            "synchronous_mode_strict": profile.strict, "maximum_lag_on_failover": profile.lagLimit,
        ]
        let json: String
        do { json = String(decoding: try JSONSerialization.data(withJSONObject: body, options: [.sortedKeys]), as: UTF8.self) } catch {
            throw LabError("could not encode the Patroni configuration: \(error)")
        }
        var applied = false
        var lastError = ""
        for node in inventory.nodes(.postgres) {
            let url = "http://\(node.address):\(node.ports["patroni-api"] ?? LabPorts.patroniAPI)/config"
            // In process (libcurl): the REST API password never appears on a command line.
            do {
                let response = try HTTPClient(timeoutMs: 5_000, connectTimeoutMs: 2_000)
                    .send("PATCH", url, json: json, login: (credentials.restAPIUser, credentials.restAPIPassword))
                if (200..<300).contains(response.status) { applied = true; break }
                lastError = "\(url) answered \(response.status): \(String(decoding: response.body, as: UTF8.self))"
            } catch {
                lastError = "\(error)"
            }
        }
        guard applied else {
            throw LabError("no Patroni member accepted the new configuration: \(lastError)", hint: "check `chaos lab status`; `chaos lab reset` rebuilds the lab")
        }
        progress("patroni: \(profile.summary) (dynamic configuration: no restart needed)")
        if let pgpool = topology.nodes(.pgpool).first {
            let infra = try LabInfra.locate(environment: environment)
            let files = LabFiles(topology: topology, layout: layout, infra: infra, credentials: credentials, profile: profile, runner: runner)
            try files.rewritePgpoolConfig(pgpool)
            if let entry = inventory.node(pgpool.name), let record = entry.service(.pgpool), let pid = LocalLab.livePID(record, namespace: entry.namespace) {
                ProcessTable.send(SIGHUP, to: pid)
            }
            let check = profile.healthCheck
            progress("pgpool: search_primary_node_timeout = \(profile.searchPrimaryNodeTimeout), health check every \(Int(check.period)) s "
                     + "(timeout \(Int(check.timeout)) s, \(check.retries) retries \(Int(check.retryDelay)) s apart) — reloaded, no restart")
        }
        inventory.profile = profile
        do { try inventory.write(to: layout.inventoryFile) } catch { throw LabError("\(error)") }
        return try waitUntilHealthy(timeout: .seconds(60), progress: progress)
    }
}
