// NodeControl for the local lab: services are processes in network namespaces, known by the PIDs we
// recorded in the inventory (never looked up by name). The inventory file is the source of truth, so
// the CLI, the engine and tests in other processes see the same PIDs.

import Foundation

/// Controls the nodes of the network-namespace lab described by an inventory file.
public struct LocalLab: NodeControl {
    /// The inventory file (`<stateDir>/inventory.json`).
    public var inventoryFile: String
    /// Runs `ip netns exec` and friends.
    public var runner: CommandRunner

    /// Controls the lab whose inventory is at `inventoryFile`.
    public init(inventoryFile: String, runner: CommandRunner = CommandRunner()) {
        self.inventoryFile = inventoryFile
        self.runner = runner
    }

    public func inventory() throws -> Inventory { try Inventory.load(from: inventoryFile) }

    public func pid(of service: ServiceKind, on node: String) throws -> Int32? {
        let (entry, record) = try lookup(service, on: node)
        return Self.livePID(record, namespace: entry.namespace)
    }

    public func start(_ service: ServiceKind, on node: String) throws {
        if service == .postgres { return try start(.patroni, on: node) }
        let (pid, record) = try withInventoryLock { () throws -> (Int32?, Inventory.Service) in
            var inventory = try inventory()
            let (spec, record) = try lookup(service, on: node, in: inventory)
            if Self.livePID(record, namespace: spec.namespace) != nil { return (nil, record) }
            let pid = try ServiceSpawner.start(ServiceLaunch(
                namespace: spec.namespace, user: record.user, command: record.command,
                environment: record.environment, logFile: record.logFile))
            try? "\(pid)\n".write(toFile: record.pidFile, atomically: true, encoding: .utf8)
            update(&inventory, node: node, service: service, pid: pid, startTime: ProcessTable.startTime(of: pid))
            try inventory.write(to: inventoryFile)
            return (pid, record)
        }
        guard let pid else { return }
        // A process that dies at once (bad config, port taken) is reported now, not at the next health check.
        usleep(100_000)
        ProcessTable.reap(pid)
        guard ProcessTable.isAlive(pid) else {
            throw LabError("\(service.rawValue) on \(node) exited right after starting",
                           hint: "see its log: \(record.logFile) (or `chaos lab logs \(node)`)")
        }
    }

    public func stop(_ service: ServiceKind, on node: String, grace: Duration = .seconds(10)) throws {
        let (entry, record) = try lookup(service, on: node)
        guard let pid = Self.livePID(record, namespace: entry.namespace) else { return }
        // The whole tree, taken before the signal: PgPool-II's children and Patroni's PostgreSQL outlive a
        // killed parent and keep its listening port, so the next start would fail on "Address already in use".
        var targets = ProcessTable.tree(of: pid)
        if service == .patroni, let postmaster = try self.pid(of: .postgres, on: node), !targets.contains(postmaster) {
            targets.append(postmaster)
        }
        ProcessTable.send(SIGCONT, to: pid)
        ProcessTable.send(Self.stopSignal(service), to: pid)
        let survivors = ProcessTable.waitForExit(targets, timeout: grace)
        if !survivors.isEmpty { ProcessTable.terminate(survivors, grace: .zero) }
    }

    /// The signal that stops a service promptly: SIGINT (fast shutdown) for PostgreSQL and PgPool-II, whose
    /// SIGTERM is a smart shutdown that waits for every client to leave; SIGTERM for the rest.
    static func stopSignal(_ service: ServiceKind) -> Int32 {
        service == .postgres || service == .pgpool ? SIGINT : SIGTERM
    }

    public func kill(_ service: ServiceKind, on node: String, signal: Int32) throws {
        let (entry, record) = try lookup(service, on: node)
        guard let pid = Self.livePID(record, namespace: entry.namespace) else {
            throw LabError("\(service.rawValue) on \(node) is not running, cannot send it signal \(signal)",
                           hint: "start it first (`chaos lab status` shows what runs)")
        }
        ProcessTable.send(signal, to: pid)
    }

    public func signalNode(_ node: String, signal: Int32) throws {
        let inventory = try inventory()
        guard let entry = inventory.node(node) else { throw unknownNode(node, inventory) }
        func processes() throws -> Set<Int32> {
            let result = runner.run(["ip", "netns", "pids", entry.namespace], timeout: .seconds(10))
            guard result.succeeded else {
                throw LabError("cannot list the processes of \(node): \(result.standardError.trimmingCharacters(in: .whitespacesAndNewlines))")
            }
            return Set(result.standardOutput.split(separator: "\n").compactMap { Int32($0.trimmingCharacters(in: .whitespaces)) })
        }
        var targets = try processes()
        if signal == SIGKILL {
            // Frozen first, and listed again until nothing new appears: a parent killed after its child would
            // otherwise fork a replacement (PgPool-II does at once) that outlives the crash and keeps the port.
            var frozen = Set<Int32>()
            var rounds = 0
            while !targets.isSubset(of: frozen), rounds < 20 {
                for pid in targets.subtracting(frozen) { ProcessTable.send(SIGSTOP, to: pid) }
                frozen.formUnion(targets)
                do { targets = try processes() } catch {
                    for pid in frozen { _ = ProcessTable.send(SIGKILL, to: pid) }  // never left frozen
                    throw error
                }
                rounds += 1
            }
            targets.formUnion(frozen)
        }
        for pid in targets { _ = ProcessTable.send(signal, to: pid) }
    }

    public func pause(_ service: ServiceKind, on node: String) throws {
        let targets = try pauseTargets(service, on: node)
        for pid in targets { ProcessTable.send(SIGSTOP, to: pid) }
        // Signal delivery is asynchronous: return once the kernel shows them stopped (or after 2 s).
        waitUntil(timeout: .seconds(2)) { targets.allSatisfy { !ProcessTable.isAlive($0) || ProcessTable.isStopped($0) } }
    }

    public func resume(_ service: ServiceKind, on node: String) throws {
        let targets = try pauseTargets(service, on: node)
        for pid in targets { ProcessTable.send(SIGCONT, to: pid) }
        waitUntil(timeout: .seconds(2)) { targets.allSatisfy { !ProcessTable.isStopped($0) } }
    }

    private func waitUntil(timeout: Duration, _ condition: () -> Bool) {
        let deadline = ContinuousClock.now + timeout
        while !condition(), ContinuousClock.now < deadline { usleep(10_000) }
    }

    public func restart(_ service: ServiceKind, on node: String) throws {
        try stop(service, on: node, grace: .seconds(10))
        try start(service, on: node)
    }

    public func restartNode(_ node: String) throws {
        let inventory = try inventory()
        guard let entry = inventory.node(node) else { throw unknownNode(node, inventory) }
        let startable = entry.services.filter { !$0.command.isEmpty }.map(\.kind)
        for service in startable.reversed() { try stop(service, on: node, grace: .seconds(10)) }
        for service in startable { try start(service, on: node) }
    }

    public func networkExists(of node: String) throws -> Bool {
        // No inventory at all: the lab is down (`chaos lab down` removes it with every namespace).
        guard FileManager.default.fileExists(atPath: inventoryFile) else { return false }
        let inventory = try inventory()
        guard let namespace = inventory.node(node)?.namespace else { throw unknownNode(node, inventory) }
        return FileManager.default.fileExists(atPath: "/run/netns/\(namespace)")
    }

    public func execute(in node: String, _ arguments: [String], timeout: Duration = .seconds(30)) throws -> CommandResult {
        let inventory = try inventory()
        guard let entry = inventory.node(node) else { throw unknownNode(node, inventory) }
        return runner.run(["ip", "netns", "exec", entry.namespace] + arguments, timeout: timeout)
    }

    // MARK: helpers

    /// The PID of a service if it is alive *and still the process we mean*: PostgreSQL's from postmaster.pid,
    /// whose third line (the postmaster's start, epoch seconds) must match the process's own start; others
    /// (and every service of a platform that records no PID file, such as Docker) from the inventory, whose
    /// recorded start time must match. A PID the kernel has since handed to another process is never
    /// signalled, and never makes a start a no-op.
    static func livePID(_ record: Inventory.Service) -> Int32? {
        if record.kind == .postgres && !record.pidFile.isEmpty {
            let text = (try? String(contentsOfFile: record.pidFile, encoding: .utf8)) ?? ""
            let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
            guard let pid = lines.first.flatMap({ Int32($0.trimmingCharacters(in: .whitespaces)) }), ProcessTable.isAlive(pid) else {
                return nil
            }
            if lines.count > 2, let written = Double(lines[2].trimmingCharacters(in: .whitespaces)),
               let started = ProcessTable.startEpochSeconds(of: pid), abs(started - written) > 2 {
                return nil
            }
            return pid
        }
        guard let pid = record.pid, ProcessTable.isAlive(pid) else { return nil }
        if let recorded = record.pidStartTime, ProcessTable.startTime(of: pid) != recorded { return nil }
        return pid
    }

    /// ``livePID(_:)``, or — when the recorded process is gone — the process in the node's own namespace that
    /// runs the service's exact command line: a service started again by other means (the ssh platform driving
    /// the lab as remote hosts) is still the lab's, and still stopped by `chaos lab down` with its namespace.
    static func livePID(_ record: Inventory.Service, namespace: String) -> Int32? {
        if let pid = livePID(record) { return pid }
        guard record.kind != .postgres, !namespace.isEmpty else { return nil }
        return ProcessTable.find(command: record.command, inNetworkNamespace: namespace)
    }

    /// Runs `body` holding an exclusive flock on the inventory's directory, so concurrent starts (threads or
    /// processes) do not lose each other's PIDs. Locks the directory itself: no lock file is left behind.
    private func withInventoryLock<T>(_ body: () throws -> T) throws -> T {
        let directory = (inventoryFile as NSString).deletingLastPathComponent
        let descriptor = open(directory, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard descriptor >= 0 else { return try body() }
        defer { close(descriptor) }
        while flock(descriptor, LOCK_EX) != 0 && errno == EINTR {}
        defer { flock(descriptor, LOCK_UN) }
        return try body()
    }

    private func pauseTargets(_ service: ServiceKind, on node: String) throws -> [Int32] {
        let (entry, record) = try lookup(service, on: node)
        guard let pid = Self.livePID(record, namespace: entry.namespace) else {
            throw LabError("\(service.rawValue) on \(node) is not running, nothing to pause or resume",
                           hint: "`chaos lab status` shows what runs")
        }
        return service == .patroni ? [pid] : ProcessTable.tree(of: pid)
    }

    private func lookup(_ service: ServiceKind, on node: String) throws -> (Inventory.Node, Inventory.Service) {
        try lookup(service, on: node, in: try inventory())
    }

    private func lookup(_ service: ServiceKind, on node: String, in inventory: Inventory) throws -> (Inventory.Node, Inventory.Service) {
        guard let entry = inventory.node(node) else { throw unknownNode(node, inventory) }
        guard let record = entry.service(service) else {
            throw LabError("node \(node) has no \(service.rawValue) service",
                           hint: "it runs: \(entry.services.map(\.kind.rawValue).joined(separator: ", "))")
        }
        return (entry, record)
    }

    private func update(_ inventory: inout Inventory, node: String, service: ServiceKind, pid: Int32?, startTime: UInt64?) {
        guard let n = inventory.nodes.firstIndex(where: { $0.name == node }),
              let s = inventory.nodes[n].services.firstIndex(where: { $0.kind == service }) else { return }
        inventory.nodes[n].services[s].pid = pid
        inventory.nodes[n].services[s].pidStartTime = startTime
    }

    private func unknownNode(_ node: String, _ inventory: Inventory) -> LabError {
        LabError("no node named \(node) in the lab", hint: "nodes: \(inventory.nodes.map(\.name).joined(separator: ", "))")
    }
}

extension LocalLab {
    /// The lab node's own filesystem (``LabDataFilesystem``), beside the inventory.
    private func dataFilesystem(of node: String) -> LabDataFilesystem {
        let stateDirectory = URL(fileURLWithPath: inventoryFile).deletingLastPathComponent().path
        return LabDataFilesystem(nodeDirectory: "\(stateDirectory)/nodes/\(node)")
    }

    public func fillDataFilesystem(on node: String) throws -> String {
        let filled = try dataFilesystem(of: node).fill()
        return "\(filled.taken / 1_048_576) MiB taken, \(filled.left) bytes left"
    }

    public func emptyDataFilesystem(on node: String) throws { try dataFilesystem(of: node).empty() }

    public func freezeDataFilesystem(on node: String) throws { try dataFilesystem(of: node).freeze(runner: runner) }

    public func thawDataFilesystem(on node: String) throws { try dataFilesystem(of: node).thaw(runner: runner) }
}
