// NodeControl for the Compose stack. A container's main process (etcd, Patroni, PgPool-II) is the container:
// signals to it go through `docker kill -s`, stopping it is `docker stop`, starting it `docker start`, freezing
// etcd or PgPool-II is `docker pause`. PostgreSQL, Patroni's child, is signalled by its host PID. Commands
// "inside a node" (iptables, tc) run in the container's network namespace with `nsenter -n`, using the host's
// binaries, so the image needs none and NET_ADMIN covers the rest.

import Foundation

/// Controls the containers of a ``DockerStack``.
public struct DockerNodeControl: NodeControl {
    /// The stack.
    public var stack: DockerStack

    /// Controls `stack`.
    public init(stack: DockerStack) { self.stack = stack }

    private var runner: CommandRunner { stack.runner }

    public func inventory() throws -> Inventory { try stack.refresh() }

    public func pid(of service: ServiceKind, on node: String) throws -> Int32? {
        let (_, record) = try lookup(service, on: node)
        return LocalLab.livePID(record)
    }

    public func start(_ service: ServiceKind, on node: String) throws {
        let container = try self.container(node)
        guard !container.running else { return }
        try docker(["start", container.name], doing: "start \(node)")
        try waitForContainer(node, running: true, timeout: .seconds(20))
    }

    public func stop(_ service: ServiceKind, on node: String, grace: Duration) throws {
        if service == .postgres {
            guard let pid = try pid(of: .postgres, on: node) else { return }
            ProcessTable.send(SIGINT, to: pid)
            let survivors = ProcessTable.waitForExit([pid], timeout: grace)
            if !survivors.isEmpty { ProcessTable.terminate(survivors, grace: .zero) }
            return
        }
        let container = try self.container(node)
        guard container.running else { return }
        try docker(["stop", "-t", "\(max(1, Int(grace.components.seconds)))", container.name], doing: "stop \(node)")
    }

    public func kill(_ service: ServiceKind, on node: String, signal: Int32) throws {
        if service == .postgres {
            guard let pid = try pid(of: .postgres, on: node) else {
                throw LabError("postgres on \(node) is not running, cannot send it signal \(signal)")
            }
            ProcessTable.send(signal, to: pid)
            return
        }
        try signalNode(node, signal: signal)
    }

    public func signalNode(_ node: String, signal: Int32) throws {
        let container = try self.container(node)
        guard container.running else {
            throw LabError("container \(container.name) (\(node)) is not running, cannot send it signal \(signal)", hint: "`docker ps -a` shows it")
        }
        try docker(["kill", "-s", "\(signal)", container.name], doing: "signal \(node)")
    }

    public func pause(_ service: ServiceKind, on node: String) throws {
        switch service {
        case .patroni, .postgres:
            // Patroni alone (its PostgreSQL keeps running), or PostgreSQL's process tree: as in the lab.
            let targets = try pauseTargets(service, on: node)
            for pid in targets { ProcessTable.send(SIGSTOP, to: pid) }
        default:
            try docker(["pause", try container(node).name], doing: "pause \(node)")
        }
    }

    public func resume(_ service: ServiceKind, on node: String) throws {
        switch service {
        case .patroni, .postgres:
            for pid in try pauseTargets(service, on: node) { ProcessTable.send(SIGCONT, to: pid) }
        default:
            let container = try self.container(node)
            if container.paused { try docker(["unpause", container.name], doing: "unpause \(node)") }
        }
    }

    public func restart(_ service: ServiceKind, on node: String) throws {
        try stop(service, on: node, grace: .seconds(10))
        try start(service, on: node)
    }

    public func restartNode(_ node: String) throws {
        try docker(["restart", "-t", "10", try container(node).name], doing: "restart \(node)")
        try waitForContainer(node, running: true, timeout: .seconds(30))
    }

    public func networkExists(of node: String) throws -> Bool {
        // A stopped or removed container's network namespace is gone; a restarted one gets a fresh, rule-free
        // one. Docker not answering is an error: it says nothing about the namespace.
        let containers = try stack.containers()
        return containers.first(where: { $0.node == node })?.running ?? false
    }

    public func execute(in node: String, _ arguments: [String], timeout: Duration) throws -> CommandResult {
        let container = try self.container(node)
        guard container.running, container.pid > 0 else {
            throw LabError("container \(container.name) (\(node)) is not running: cannot run \(arguments.first ?? "") in its network")
        }
        return runner.run(["nsenter", "-t", "\(container.pid)", "-n", "--"] + arguments, timeout: timeout)
    }

    // MARK: helpers

    private func container(_ node: String) throws -> DockerContainer {
        let containers = try stack.containers()
        guard let container = containers.first(where: { $0.node == node }) else {
            throw LabError("no container is node \(node) in Compose project '\(stack.project)'",
                           hint: "nodes: \(containers.map(\.node).sorted().joined(separator: ", "))")
        }
        return container
    }

    private func lookup(_ service: ServiceKind, on node: String) throws -> (Inventory.Node, Inventory.Service) {
        let inventory = try inventory()
        guard let entry = inventory.node(node), let record = entry.service(service) else {
            throw LabError("node \(node) has no \(service.rawValue) service in the Compose stack")
        }
        return (entry, record)
    }

    private func pauseTargets(_ service: ServiceKind, on node: String) throws -> [Int32] {
        guard let pid = try pid(of: service, on: node) else {
            throw LabError("\(service.rawValue) on \(node) is not running, nothing to pause or resume")
        }
        return service == .patroni ? [pid] : ProcessTable.tree(of: pid)
    }

    private func docker(_ arguments: [String], doing what: String) throws {
        let result = runner.run(["docker"] + arguments, timeout: .seconds(60))
        guard result.succeeded else {
            throw LabError("docker could not \(what): \(result.standardError.trimmingCharacters(in: .whitespacesAndNewlines))")
        }
    }

    private func waitForContainer(_ node: String, running: Bool, timeout: Duration) throws {
        let deadline = ContinuousClock.now + timeout
        while ContinuousClock.now < deadline {
            if (try? container(node))?.running == running { return }
            usleep(100_000)
        }
        throw LabError("container of \(node) did not \(running ? "start" : "stop") within \(timeout)")
    }
}
