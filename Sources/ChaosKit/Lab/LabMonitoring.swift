// The lab's monitoring: Debian's Prometheus in its own namespace on the lab bridge, scraping every Patroni
// member's and etcd member's /metrics and every PostgreSQL exporter each second, for `promql` probes. Started by
// `chaos lab up --monitoring` and left running; `chaos lab down` removes it with its data.

import Foundation

extension LabController {
    /// Debian's Prometheus server.
    static let prometheusBinary = "/usr/bin/prometheus"

    var monitoringSpec: LabNodeSpec { topology.monitoring }

    /// Prometheus's HTTP API on the lab bridge.
    public var monitoringURL: String { "http://\(topology.monitoring.address):\(LabPorts.prometheus)" }

    /// The lab's Prometheus when it runs.
    public func prometheusURL() -> String? { monitoringPID() != nil ? monitoringURL : nil }

    /// The lab's Prometheus, started now if it does not run (a scenario's `promql` probe asks for it).
    public func ensurePrometheus(progress: LabProgress) throws(LabError) -> String? {
        try startMonitoring(progress: progress)
        return monitoringURL
    }

    private var monitoringPIDFile: String { "\(layout.runDirectory(monitoringSpec.name))/chaos-prometheus.pid" }

    /// Prometheus's PID when the lab's monitoring runs (its PID file names the process and its start time).
    public func monitoringPID() -> Int32? {
        guard let text = try? String(contentsOfFile: monitoringPIDFile, encoding: .utf8) else { return nil }
        let fields = text.split(whereSeparator: \.isWhitespace)
        guard let pid = fields.first.flatMap({ Int32($0) }), ProcessTable.isAlive(pid) else { return nil }
        if fields.count > 1, let recorded = UInt64(fields[1]), ProcessTable.startTime(of: pid) != recorded { return nil }
        return pid
    }

    /// Starts Prometheus (idempotent) and returns whether this call started it. The lab must be up: Prometheus
    /// joins its bridge and scrapes its nodes.
    @discardableResult
    public func startMonitoring(progress: LabProgress = { _ in }) throws(LabError) -> Bool {
        try withLabLock { () throws(LabError) -> Bool in
            guard let inventory = inventory() else {
                throw LabError("the lab is down; monitoring joins its network", hint: "run `chaos lab up` first")
            }
            if monitoringPID() != nil { return false }
            guard FileManager.default.isExecutableFile(atPath: Self.prometheusBinary) else {
                throw LabError("Prometheus is not installed (\(Self.prometheusBinary))", hint: "apt-get install prometheus (scripts/install-deps.sh does)")
            }
            let node = monitoringSpec
            removeExtraNode(node)
            let log = "\(layout.logDirectory(node.name))/prometheus.log"
            var started: Int32?
            do {
                try LabNetwork(topology: topology, runner: runner).join(node)
                let configFile = try makeMonitoringFiles(inventory: inventory)
                let pid = try ServiceSpawner.start(ServiceLaunch(
                    namespace: node.namespace, user: "prometheus",
                    command: [Self.prometheusBinary, "--config.file=\(configFile)", "--storage.tsdb.path=\(layout.dataDirectory(node.name))",
                              "--storage.tsdb.retention.time=2d", "--web.listen-address=\(node.address):\(LabPorts.prometheus)"],
                    environment: ["LANG": "C.UTF-8", "PATH": "/usr/bin:/bin"], logFile: log))
                started = pid
                try? "\(pid) \(ProcessTable.startTime(of: pid).map(String.init) ?? "")\n".write(toFile: monitoringPIDFile, atomically: true, encoding: .utf8)
                progress("Prometheus starting at \(monitoringURL) (pid \(pid))")
                try waitForMonitoring(log: log)
                try waitForFirstScrapes(of: Self.scrapeTargets(inventory).count)
                progress("Prometheus ready at \(monitoringURL), scraping \(Self.scrapeTargets(inventory).count) endpoints each second")
                return true
            } catch {
                // Its log goes with its directory: keep its last lines in the message.
                let tail = ((try? String(contentsOfFile: log, encoding: .utf8)) ?? "").split(separator: "\n").suffix(5).joined(separator: "\n")
                if let pid = started, monitoringPID() == nil { _ = ProcessTable.terminate(ProcessTable.tree(of: pid) + [pid], grace: .seconds(5)) }
                stopMonitoringHoldingLock()
                throw LabError("could not start Prometheus: \((error as? LabError)?.message ?? "\(error)")" + (tail.isEmpty ? "" : "\nits log ended:\n\(tail)"),
                               hint: "check that Debian's prometheus package works (`prometheus --version`) and port \(LabPorts.prometheus) is free in the lab")
            }
        }
    }

    /// Stops Prometheus and removes its namespace and data (tolerant of any of them missing).
    public func stopMonitoring() {
        _ = try? withLabLock { () throws(LabError) in stopMonitoringHoldingLock() }
    }

    func stopMonitoringHoldingLock() {
        if let pid = monitoringPID() {
            ProcessTable.send(SIGTERM, to: pid)
            let survivors = ProcessTable.waitForExit([pid], timeout: .seconds(15))
            if !survivors.isEmpty { ProcessTable.terminate(survivors, grace: .zero) }
        }
        removeExtraNode(monitoringSpec)
    }

    /// What Prometheus scrapes, by job: Patroni's and etcd's own /metrics, and the PostgreSQL exporters.
    static func scrapeTargets(_ inventory: Inventory) -> [(job: String, target: String)] {
        inventory.nodes(.postgres).map { ("patroni", "\($0.address):\($0.ports["patroni-api"] ?? LabPorts.patroniAPI)") }
            + inventory.nodes(.etcd).map { ("etcd", "\($0.address):\($0.ports["etcd-client"] ?? LabPorts.etcdClient)") }
            + inventory.nodes(.postgres).compactMap { node in node.ports["exporter"].map { ("postgres", "\(node.address):\($0)") } }
    }

    /// Prometheus's configuration for the lab: every target each second, each labelled with its node.
    static func prometheusConfiguration(_ inventory: Inventory) -> String {
        var lines = [
            "# Written by chaos lab up --monitoring: the lab's Patroni, etcd and PostgreSQL exporters, scraped each second.",
            "global:", "  scrape_interval: 1s", "  scrape_timeout: 1s", "  evaluation_interval: 1s", "scrape_configs:",
        ]
        let targets = scrapeTargets(inventory)
        for job in ["patroni", "etcd", "postgres"] {
            let entries = targets.filter { $0.job == job }
            guard !entries.isEmpty else { continue }
            lines.append("  - job_name: \(job)")
            lines.append("    static_configs:")
            for entry in entries {
                let node = inventory.nodes.first { entry.target.hasPrefix("\($0.address):") }?.name ?? entry.target
                lines.append("      - {targets: [\"\(entry.target)\"], labels: {node: \(node)}}")
            }
        }
        return lines.joined(separator: "\n") + "\n"
    }

    /// `<state>/nodes/monitoring/{conf,data,run,log}`, owned by prometheus; returns the configuration file.
    private func makeMonitoringFiles(inventory: Inventory) throws(LabError) -> String {
        let name = monitoringSpec.name
        try createPrivateDirectories([
            layout.nodeDirectory(name), layout.configDirectory(name), layout.dataDirectory(name), layout.runDirectory(name), layout.logDirectory(name),
        ])
        let file = "\(layout.configDirectory(name))/prometheus.yml"
        do {
            try Self.prometheusConfiguration(inventory).write(toFile: file, atomically: true, encoding: .utf8)
        } catch { throw LabError("could not write \(file): \(error)") }
        _ = try? runner.output(["chown", "-R", "prometheus:prometheus", layout.nodeDirectory(name)])
        return file
    }

    /// Waits (up to 30 s) until every target has been scraped once, so a probe right after the start finds data.
    private func waitForFirstScrapes(of targets: Int) throws(LabError) {
        let deadline = ContinuousClock.now + .seconds(30)
        var last = ProbeOutcome(held: false, detail: "not asked yet")
        while ContinuousClock.now < deadline {
            last = PromQLProbe.check(prometheus: monitoringURL, query: "count(up)", bounds: PromQLBounds(min: Double(targets)))
            if last.held { return }
            usleep(250_000)
        }
        throw LabError("Prometheus has not scraped all \(targets) targets within 30 s: \(last.detail)")
    }

    /// Waits (up to 60 s) until Prometheus answers its readiness endpoint from the host.
    private func waitForMonitoring(log: String) throws(LabError) {
        forgetNeighbour(monitoringSpec)
        let client = HTTPClient(timeoutMs: 2_000, connectTimeoutMs: 1_000)
        let deadline = ContinuousClock.now + .seconds(60)
        var last = "no answer"
        while ContinuousClock.now < deadline {
            guard monitoringPID() != nil else { throw LabError("Prometheus exited while starting") }
            do {
                let response = try client.get("\(monitoringURL)/-/ready")
                if response.status == 200 { return }
                last = "HTTP \(response.status)"
            } catch {
                last = "\(error)"
            }
            usleep(200_000)
        }
        throw LabError("Prometheus did not become ready within 60 s (\(last))")
    }
}
