// NodeControl over SSH: every action is one short script run on the node's host through a multiplexed
// connection (see RemoteScript for how services are found). Commands "inside a node" (iptables, tc) run on
// the host itself, as root or through `sudo -n`.

import Foundation

/// Switch scripts waiting for their node's next change (shared by every copy of one control).
final class PendingSwitches: Sendable {
    private let scripts = Locked([String: String]())

    func add(_ script: String, for node: String) { scripts.withLock { $0[node] = ($0[node].map { $0 + "\n" } ?? "") + script } }
    func take(_ node: String) -> String? { scripts.withLock { $0.removeValue(forKey: node) } }
    func takeAll() -> [(node: String, script: String)] {
        scripts.withLock { table in
            defer { table.removeAll() }
            return table.sorted { $0.key < $1.key }.map { ($0.key, $0.value) }
        }
    }
}

/// Controls the hosts of a ``ClusterFile``.
public struct SSHNodeControl: NodeControl {
    /// The cluster.
    public var cluster: ClusterFile
    /// The inventory the platform built from it.
    public var builtInventory: Inventory
    /// Where the control sockets live.
    public var controlDirectory: String
    /// Runs `ssh`.
    public var runner: CommandRunner
    /// Receives the command lines of actions instead of running them (`--dry-run`); reads still run.
    public var recorder: (@Sendable ([String]) -> Void)?
    /// Dead-man's switches armed but not yet sent, per node: they ride with the node's next change.
    let pendingSwitches = PendingSwitches()

    /// Controls `cluster`.
    public init(cluster: ClusterFile, inventory: Inventory, controlDirectory: String, runner: CommandRunner = CommandRunner(),
                recorder: (@Sendable ([String]) -> Void)? = nil) {
        self.cluster = cluster
        self.builtInventory = inventory
        self.controlDirectory = controlDirectory
        self.runner = runner
        self.recorder = recorder
    }

    public func inventory() throws -> Inventory { builtInventory }

    /// The session to a node's host.
    public func session(_ node: String) throws(LabError) -> SSHSession {
        guard let entry = cluster.node(node) else {
            throw LabError("no node named \(node)", hint: "nodes: \(cluster.nodes.map(\.name).joined(separator: ", "))")
        }
        var session = SSHSession(host: entry.address, login: entry.login, controlDirectory: controlDirectory, runner: runner, recorder: recorder)
        let pending = pendingSwitches
        session.pendingPrefix = { pending.take(node) }
        return session
    }

    /// The script builder of a service on a node.
    func script(_ service: ServiceKind, on node: String) throws(LabError) -> RemoteScript {
        guard let control = cluster.node(node)?.services[service] else {
            throw LabError("\(node) has no \(service.rawValue) in the cluster file", hint: "add it under nodes.\(node).services")
        }
        return RemoteScript(control: control, service: service)
    }

    public func pid(of service: ServiceKind, on node: String) throws -> Int32? {
        let text = try session(node).output(try script(service, on: node).pid, changes: false, doing: "finding \(service.rawValue)")
        return Int32(text.trimmingCharacters(in: .whitespacesAndNewlines))
    }

    public func start(_ service: ServiceKind, on node: String) throws {
        if service == .postgres { return try start(.patroni, on: node) }
        guard let script = try script(service, on: node).start else {
            throw LabError("the cluster file gives no way to start \(service.rawValue) on \(node)",
                           hint: "add `start:` (a shell command) or `systemd:` under nodes.\(node).services.\(service.rawValue)")
        }
        try session(node).output(script, changes: true, doing: "starting \(service.rawValue)", timeout: .seconds(40))
    }

    public func stop(_ service: ServiceKind, on node: String, grace: Duration) throws {
        let seconds = Int(grace.components.seconds)
        try session(node).output(try script(service, on: node).stop(grace: grace), changes: true, doing: "stopping \(service.rawValue)",
                                 timeout: .seconds(seconds + 30))
    }

    public func kill(_ service: ServiceKind, on node: String, signal: Int32) throws {
        try session(node).output(try script(service, on: node).kill(signal: signal), changes: true, doing: "signal \(signal) to \(service.rawValue)")
    }

    public func signalNode(_ node: String, signal: Int32) throws {
        // Every process of every service the cluster file names on the host, at once.
        let services = cluster.node(node)?.services.keys.sorted { $0.rawValue < $1.rawValue } ?? []
        let scripts = try services.map { service throws(LabError) in try self.script(service, on: node) }
        guard !scripts.isEmpty else { return }
        try session(node).output(RemoteScript.signalAll(scripts, signal: signal), changes: true, doing: "signal \(signal) to every service")
    }

    public func pause(_ service: ServiceKind, on node: String) throws {
        try session(node).output(try script(service, on: node).pause, changes: true, doing: "pausing \(service.rawValue)")
    }

    public func resume(_ service: ServiceKind, on node: String) throws {
        try session(node).output(try script(service, on: node).resume, changes: true, doing: "resuming \(service.rawValue)")
    }

    public func restart(_ service: ServiceKind, on node: String) throws {
        try stop(service, on: node, grace: .seconds(10))
        try start(service, on: node)
    }

    public func restartNode(_ node: String) throws {
        let services = mainServices(of: node)
        for service in services.reversed() { try stop(service, on: node, grace: .seconds(10)) }
        for service in services { try start(service, on: node) }
    }

    /// The services chaos starts and stops on a node (PostgreSQL is Patroni's).
    func mainServices(of node: String) -> [ServiceKind] {
        guard let entry = cluster.node(node) else { return [] }
        return ClusterFileReader.services[entry.kind, default: []].filter { $0 != .postgres && entry.services[$0] != nil }
    }

    public func networkExists(of node: String) throws -> Bool {
        // A host that answers still has its rules; one that does not answer says nothing, so it is an error.
        try session(node).output("true", changes: false, doing: "reaching the host")
        return true
    }

    public func execute(in node: String, _ arguments: [String], timeout: Duration) throws -> CommandResult {
        let changes = !Self.readOnly(arguments)
        let result = try session(node).run(ShellQuote.join(arguments), changes: changes, timeout: timeout)
        if result.status == 255 { throw try session(node).failure(result, doing: arguments.first ?? "command") }
        return result
    }

    /// Commands that only look (`iptables -C`, `tc qdisc show`): they run even in a dry run.
    static func readOnly(_ arguments: [String]) -> Bool {
        if arguments.first == "iptables" { return arguments.contains("-C") || arguments.contains("-S") || arguments.contains("-L") }
        if arguments.first == "tc" { return arguments.contains("show") }
        return false
    }
}
