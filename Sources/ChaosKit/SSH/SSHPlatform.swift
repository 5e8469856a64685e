// The SSH platform: a cluster on the user's own hosts, described by a cluster file. Its inventory is built
// from that file (with the timing profile read from Patroni's /config) and kept, with the fault journal,
// under a state directory on this machine; nodes are acted on through `SSHNodeControl`. chaos did not build
// this cluster: it never repairs or rebuilds it, and faults need its name confirmed.

public import Foundation

/// A cluster on the user's own hosts, reached with OpenSSH.
public struct SSHPlatform: ClusterPlatform {
    /// The cluster file's path.
    public var file: String
    /// What it says.
    public var cluster: ClusterFile
    /// Where the inventory, the fault journal and the SSH control sockets live on this machine.
    public var stateDirectory: String
    /// Runs `ssh`.
    public var runner: CommandRunner
    /// Receives the command lines of actions instead of running them (`--dry-run`).
    public var recorder: (@Sendable ([String]) -> Void)?

    /// A platform for `cluster`, read from `file`.
    public init(file: String, cluster: ClusterFile, stateDirectory: String, runner: CommandRunner = CommandRunner(),
                recorder: (@Sendable ([String]) -> Void)? = nil) {
        self.file = file
        self.cluster = cluster
        self.stateDirectory = stateDirectory
        self.runner = runner
        self.recorder = recorder
    }

    /// Reads and checks a cluster file; the state directory is `CHAOS_SSH_STATE_DIR`, else
    /// `/var/lib/chaos-ssh/<name>`.
    ///
    /// - Throws: ``LabError`` listing every problem of the file at file:line:col.
    public static func load(clusterFile path: String, environment: [String: String] = ProcessInfo.processInfo.environment) throws(LabError) -> SSHPlatform {
        let result = ClusterFileReader.load(path: path)
        guard let cluster = result.cluster else {
            let errors = result.diagnostics.filter { $0.severity == .error }.map(\.description)
            throw LabError("the cluster file has \(errors.count) problem(s):\n" + errors.joined(separator: "\n"),
                           hint: "fix them (docs/platforms.md describes the file), or draft a new one with `chaos discover`")
        }
        let root = environment["CHAOS_SSH_STATE_DIR"].flatMap { $0.isEmpty ? nil : $0 } ?? "/var/lib/chaos-ssh"
        return SSHPlatform(file: path, cluster: cluster, stateDirectory: "\(root)/\(cluster.name)")
    }

    public var kind: PlatformKind { .ssh }
    public var ownsCluster: Bool { false }
    public var safety: FaultSafety { FaultSafety(confirmName: cluster.name, isProtected: cluster.isProtected) }

    /// The control sockets' directory (short, as a socket path must be).
    var controlDirectory: String { "\(stateDirectory)/ssh" }

    /// Acting on the hosts (the inventory it answers with is the last one written, without asking Patroni again).
    public var nodeControl: any NodeControl {
        sshControl(inventory: (try? Inventory.load(from: Inventory.path(stateDirectory: stateDirectory))) ?? inventory(profile: .labDefault))
    }

    func sshControl(inventory: Inventory) -> SSHNodeControl {
        SSHNodeControl(cluster: cluster, inventory: inventory, controlDirectory: controlDirectory, runner: runner, recorder: recorder)
    }

    public func currentInventory() throws(LabError) -> Inventory {
        let built = inventory(profile: try runningProfile())
        do {
            try FileManager.default.createDirectory(atPath: stateDirectory, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
            try built.write(to: Inventory.path(stateDirectory: stateDirectory))
        } catch {
            throw LabError("cannot write the cluster's state to \(stateDirectory): \(error)", hint: "run as root, or set CHAOS_SSH_STATE_DIR")
        }
        return built
    }

    public func currentCredentials() throws(LabError) -> ClusterCredentials {
        do { return try ClusterCredentials.load(from: cluster.credentialsFile) } catch {
            throw LabError("cannot read the credentials_file of \(file): \(error.reason)",
                           hint: "point credentials_file at a 0600 JSON file with the cluster's users and passwords (docs/platforms.md)")
        }
    }

    /// The inventory the cluster file describes.
    func inventory(profile: ClusterRequirements) -> Inventory {
        let nodes = cluster.nodes.map { node in
            Inventory.Node(
                name: node.name, kind: node.kind, namespace: "", address: node.address, hostInterface: "", ports: node.ports,
                directory: "", services: node.services.sorted { $0.key.rawValue < $1.key.rawValue }.map { kind, control in
                    Inventory.Service(kind: kind, user: "", pid: nil, pidFile: "", logFile: Self.logFile(control) ?? "",
                                      command: Self.startCommand(kind, control))
                },
                interface: node.interface, controlPort: node.login.port)
        }
        return Inventory(platform: "ssh", scope: cluster.name, stateDirectory: stateDirectory, credentialsFile: cluster.credentialsFile,
                         network: .init(bridge: "ssh", subnet: "", hostAddress: ""), profile: profile,
                         nodes: [NodeKind.etcd, .postgres, .pgpool].flatMap { kind in nodes.filter { $0.kind == kind } }, createdAt: LabController.timestamp())
    }

    private static func logFile(_ control: ServiceControl) -> String? {
        if case .process(_, _, let log) = control { return log }
        return nil
    }

    /// How a service is started, for the inventory (empty: chaos cannot start it).
    private static func startCommand(_ kind: ServiceKind, _ control: ServiceControl) -> [String] {
        switch control {
        case .systemd(let unit): return kind == .postgres ? [] : ["systemctl", "start", unit]
        case .process(_, let start, _): return start.map { ["sh", "-c", $0] } ?? []
        }
    }

    /// The cluster's timing profile and replication mode, read from Patroni's dynamic configuration.
    func runningProfile() throws(LabError) -> ClusterRequirements {
        var problems: [String] = []
        for node in cluster.nodes where node.kind == .postgres {
            let url = "http://\(node.address):\(node.ports["patroni-api"] ?? 8008)/config"
            do {
                let response = try HTTPClient(timeoutMs: 3_000, connectTimeoutMs: 1_500).get(url)
                guard response.status == 200, let object = try? JSONSerialization.jsonObject(with: response.body) as? [String: Any] else {
                    problems.append("\(url) answered \(response.status)")
                    continue
                }
                return try Self.requirements(fromPatroniConfig: object)
            } catch let error as LabError {
                throw error
            } catch {
                problems.append("\(url): \(error)")
            }
        }
        throw LabError("no Patroni member of \(cluster.name) answered /config: \(problems.joined(separator: "; "))",
                       hint: "check the nodes' addresses and ports.patroni-api in \(file)")
    }

    /// The settings a Patroni /config document describes (Patroni's defaults for what it leaves out); timings that
    /// match no preset are kept as values. PgPool-II's health check is not in it: the lab's is assumed.
    static func requirements(fromPatroniConfig object: [String: Any]) throws(LabError) -> ClusterRequirements {
        let ttl = (object["ttl"] as? Int) ?? 30, loopWait = (object["loop_wait"] as? Int) ?? 10, retry = (object["retry_timeout"] as? Int) ?? 10
        let sync = (object["synchronous_mode"] as? Bool) ?? false
        var requirements = ClusterRequirements(
            profile: TimingProfile.allCases.first { $0.timings == (ttl, loopWait, retry) } ?? .fast,
            replication: sync ? .sync : .async, failsafe: (object["failsafe_mode"] as? Bool) ?? false)
        let timings = PatroniTimings(ttl: ttl, loopWait: loopWait, retryTimeout: retry)
        if timings != requirements.timings { requirements.customTimings = timings }
        if let lag = (object["maximum_lag_on_failover"] as? NSNumber)?.int64Value { requirements.maximumLagOnFailover = lag }
        if let strict = object["synchronous_mode_strict"] as? Bool { requirements.synchronousModeStrict = strict }
        return requirements
    }

    public func status() -> LabStatus {
        // Polled every second by health waits: built from the file and Patroni's /config, not written out.
        let inventory: Inventory
        do { inventory = self.inventory(profile: try runningProfile()) } catch {
            return LabStatus(exists: false, healthy: false, problems: [error.message], profile: nil, leader: nil, nodes: [])
        }
        return probe(inventory, processes: processStates(inventory))
    }

    /// Each service's PID and state, one SSH call per host, all hosts at once.
    func processStates(_ inventory: Inventory) -> [String: [String: LabProcessState]] {
        let control = sshControl(inventory: inventory)
        let states = Locked([String: [String: LabProcessState]]())
        DispatchQueue.concurrentPerform(iterations: cluster.nodes.count) { index in
            let node = cluster.nodes[index]
            var script = ""
            for (service, serviceControl) in node.services.sorted(by: { $0.key.rawValue < $1.key.rawValue }) {
                let builder = RemoteScript(control: serviceControl, service: service)
                script += "(\(builder.prelude)p=$(chaos_pid); echo \"\(service.rawValue) ${p:--} $( [ -n \"$p\" ] && ps -o stat= -p \"$p\")\"); "
            }
            var found: [String: LabProcessState] = [:]
            if let output = try? control.session(node.name).output(script, changes: false, doing: "reading processes") {
                for line in output.split(separator: "\n") {
                    let words = line.split(separator: " ").map(String.init)
                    guard words.count >= 2 else { continue }
                    let pid = Int32(words[1])
                    found[words[0]] = LabProcessState(pid: pid, state: pid == nil ? "stopped" : (words.count > 2 && words[2].hasPrefix("T") ? "paused" : "running"))
                }
            } else {
                for service in node.services.keys { found[service.rawValue] = LabProcessState(pid: nil, state: "unreachable") }
            }
            states.withLock { $0[node.name] = found }
        }
        return states.withLock { $0 }
    }

    public func logs(node: String?, lines: Int) throws(LabError) -> [LabLogExcerpt] {
        let described = inventory(profile: .labDefault)
        let names = try described.select(node).map(\.name)
        let control = sshControl(inventory: described)
        var excerpts: [LabLogExcerpt] = []
        for entry in cluster.nodes where names.contains(entry.name) {
            for (service, serviceControl) in entry.services.sorted(by: { $0.key.rawValue < $1.key.rawValue }) {
                let (script, source): (String, String)
                switch serviceControl {
                case .systemd(let unit): (script, source) = ("journalctl -u \(ShellQuote.quote(unit)) -n \(lines) --no-pager", "journalctl -u \(unit)")
                case .process(_, _, let log?): (script, source) = ("tail -n \(lines) \(ShellQuote.quote(log))", log)
                case .process: continue
                }
                let text = (try? control.session(entry.name).output(script, changes: false, doing: "reading logs")) ?? "(could not read \(source))"
                excerpts.append(LabLogExcerpt(node: entry.name, service: service, file: "\(entry.address):\(source)",
                                              text: text.trimmingCharacters(in: .newlines)))
            }
        }
        return excerpts
    }

    public func prepare(for requirements: ClusterRequirements, progress: LabProgress) throws(LabError) {
        let running = try runningProfile()
        guard running != requirements else { return }
        throw LabError("cluster \(cluster.name) runs \(running.summary) but the scenario asks for \(requirements.summary)",
                       hint: "chaos does not change the settings of a cluster it did not build: run a scenario whose `cluster:` matches")
    }

    public func rebuild(profile: ClusterRequirements, progress: LabProgress) throws(LabError) {
        throw LabError("cluster \(cluster.name) is yours: chaos does not rebuild it", hint: "repair it by hand; `chaos lab status --platform ssh` shows what is wrong")
    }
}
