// Tearing the lab down so that nothing is left: processes (only PIDs in our namespaces or recorded by us
// and still running our command line, never looked up by name; SIGTERM then SIGKILL), namespaces, veths,
// the bridge, the tagged FORWARD rule and the state directory. Works on a half-built or stale lab.

import Foundation

extension LabController {
    /// Removes everything of the lab; verifies nothing is left and throws, listing it, when something is.
    @discardableResult
    public func down(progress: LabProgress = { _ in }) throws(LabError) -> LabLeftovers {
        try withLabLock { () throws(LabError) -> LabLeftovers in try downHoldingLock(progress: progress) }
    }

    @discardableResult
    func downHoldingLock(progress: LabProgress) throws(LabError) -> LabLeftovers {
        guard LabPreflight.isRoot else {
            throw LabError("tearing the lab down needs root (namespaces, bridge, iptables)", hint: "run it with sudo")
        }
        let before = leftovers()
        if before.isClean {
            progress("nothing to remove: the lab is down")
            return before
        }
        // A frozen data filesystem (fs_freeze) holds its writers in uninterruptible sleep: thaw it first.
        for node in topology.nodes(.postgres) { try? LabDataFilesystem(layout: layout, node: node.name).thaw(runner: runner) }
        let grouped = labProcesses()
        // Order: clients of PostgreSQL first, then Patroni and PostgreSQL, then etcd, then the rest. The data is
        // deleted next, so nothing is shut down cleanly for its sake: Patroni is killed (it would stop PostgreSQL
        // with a checkpoint, and could act on the others' leaving), PostgreSQL shuts down immediately (SIGQUIT).
        if !grouped.front.isEmpty {
            progress("stopping PgPool-II and exporters (\(grouped.front.count) processes)")
            ProcessTable.terminate(grouped.front, grace: .seconds(5))
        }
        if !grouped.patroni.isEmpty || !grouped.postgres.isEmpty {
            progress("stopping Patroni and PostgreSQL (\(grouped.patroni.count + grouped.postgres.count) processes)")
            for pid in grouped.patroni { ProcessTable.send(SIGKILL, to: pid) }
            for pid in grouped.postgres { ProcessTable.send(SIGCONT, to: pid); ProcessTable.send(SIGQUIT, to: pid) }
            let survivors = ProcessTable.waitForExit(grouped.patroni + grouped.postgres, timeout: .seconds(10))
            if !survivors.isEmpty { ProcessTable.terminate(survivors, grace: .zero) }
        }
        let phases: [(String, [Int32], Duration)] = [
            // A leader told to stop first hands its leadership to a follower that is stopping too, and waits seconds
            // for it; the data is deleted next, so etcd gets half a second before SIGKILL.
            ("etcd", grouped.etcd, .milliseconds(500)),
        ]
        for (name, pids, grace) in phases where !pids.isEmpty {
            progress("stopping \(name) (\(pids.count) processes)")
            ProcessTable.terminate(pids, grace: grace)
        }
        let rest = labProcesses().all
        if !rest.isEmpty {
            progress("stopping \(rest.count) remaining lab processes")
            ProcessTable.terminate(rest, grace: .seconds(2))
        }
        progress("removing namespaces, veths, \(topology.bridge) and the FORWARD rule")
        LabNetwork(topology: topology, runner: runner).destroy()
        let mounted = LabBootstrapCache.mounts(under: layout.stateDirectory)
        if !mounted.isEmpty {
            progress("unmounting \(mounted.count) data director\(mounted.count == 1 ? "y" : "ies") (overlays on the bootstrap cache)")
            LabBootstrapCache.unmountAll(under: layout.stateDirectory, runner: runner)
        }
        // Never delete through a mount that stayed: the lower layer is the bootstrap cache.
        if LabBootstrapCache.mounts(under: layout.stateDirectory).isEmpty { removeStateDirectory() }
        let after = leftovers()
        guard after.isClean else {
            throw LabError("the lab could not be removed completely; left: \(after.summary)",
                           hint: "run `chaos lab down` again; if it persists, remove them by hand (ip netns delete …, iptables -D FORWARD …)")
        }
        progress("lab removed")
        return after
    }

    /// What of the lab exists on this host.
    public func leftovers() -> LabLeftovers {
        let network = LabNetwork(topology: topology, runner: runner).leftovers()
        var found = LabLeftovers()
        found.namespaces = network.namespaces
        found.interfaces = network.interfaces
        found.bridge = network.bridge
        found.rules = network.rules
        found.processes = labProcesses().all
        found.mounts = LabBootstrapCache.mounts(under: layout.stateDirectory)
        found.stateDirectory = FileManager.default.fileExists(atPath: layout.stateDirectory)
            && (FileManager.default.fileExists(atPath: "\(layout.stateDirectory)/\(Self.markerName)")
                || FileManager.default.fileExists(atPath: layout.inventoryFile)
                || FileManager.default.fileExists(atPath: "\(layout.stateDirectory)/nodes"))
        return found
    }

    /// Live lab processes, grouped for the stop order.
    struct LabProcessGroups {
        var front: [Int32] = []
        var patroni: [Int32] = []
        var postgres: [Int32] = []
        var etcd: [Int32] = []
        var other: [Int32] = []
        var all: [Int32] { Array(Set(front + patroni + postgres + etcd + other)).sorted() }
    }

    /// Every live process of the lab: all PIDs in our namespaces, plus PIDs we recorded (inventory, pid
    /// files, postmaster.pid) whose command line still names our state directory or a lab address.
    func labProcesses() -> LabProcessGroups {
        var groups = LabProcessGroups()
        var known = Set<Int32>()
        func add(_ pid: Int32, _ kind: ServiceKind?) {
            guard ProcessTable.isAlive(pid), !known.contains(pid) else { return }
            known.insert(pid)
            switch kind {
            case .pgpool, .exporter: groups.front.append(pid)
            case .patroni: groups.patroni.append(pid)
            case .postgres: groups.postgres.append(pid)
            case .etcd: groups.etcd.append(pid)
            case nil: groups.other.append(pid)
            }
        }
        let inNamespaces = Set(topology.allNodeSpecs.flatMap { namespacePIDs($0.namespace) })
        for (pid, kind) in recordedPIDs() where inNamespaces.contains(pid) || isOurs(pid) { add(pid, kind) }
        for pid in inNamespaces.sorted() { add(pid, nil) }
        return groups
    }

    /// PIDs from the inventory and from the pid files under the state directory, with their service kind.
    private func recordedPIDs() -> [(Int32, ServiceKind)] {
        var pids: [(Int32, ServiceKind)] = []
        if let inventory = inventory() {
            for node in inventory.nodes {
                for service in node.services {
                    if let pid = service.pid { pids.append((pid, service.kind)) }
                }
            }
        }
        for spec in topology.nodes {
            for kind in ServiceKind.allCases {
                let file = kind == .postgres ? "\(layout.dataDirectory(spec.name))/postmaster.pid" : layout.pidFile(spec.name, kind)
                guard let text = try? String(contentsOfFile: file, encoding: .utf8),
                      let pid = text.split(separator: "\n").first.flatMap({ Int32($0.trimmingCharacters(in: .whitespaces)) }) else { continue }
                pids.append((pid, kind))
            }
        }
        return pids
    }

    /// Whether a recorded PID still runs one of our commands (a stale pid file may name a reused PID).
    private func isOurs(_ pid: Int32) -> Bool {
        let commandLine = ProcessTable.commandLine(of: pid).joined(separator: " ")
        guard !commandLine.isEmpty else { return false }
        if commandLine.contains(layout.stateDirectory + "/") { return true }
        return topology.nodes.contains { commandLine.contains("\($0.address):") }
    }

    /// `ip netns pids NS` (empty when the namespace does not exist).
    private func namespacePIDs(_ namespace: String) -> [Int32] {
        guard FileManager.default.fileExists(atPath: "/run/netns/\(namespace)") else { return [] }
        return runner.run(["ip", "netns", "pids", namespace], timeout: .seconds(5)).standardOutput
            .split(separator: "\n").compactMap { Int32($0.trimmingCharacters(in: .whitespaces)) }
    }

    /// Deletes the state directory. With the lab's marker in it, the whole directory goes (other parts of
    /// chaos keep files there too: the fault journal, a PCP password file). Without the marker only the
    /// lab's own entries are removed, and the directory only if that leaves it empty.
    private func removeStateDirectory() {
        let directory = layout.stateDirectory
        let fm = FileManager.default
        guard directory != "/", fm.fileExists(atPath: directory) else { return }
        if fm.fileExists(atPath: "\(directory)/\(Self.markerName)") {
            try? fm.removeItem(atPath: directory)
            return
        }
        for entry in Self.labEntries { try? fm.removeItem(atPath: "\(directory)/\(entry)") }
        if (try? fm.contentsOfDirectory(atPath: directory))?.isEmpty == true { try? fm.removeItem(atPath: directory) }
    }

    /// What the lab and the rest of chaos put in the state directory.
    static let labEntries: Set<String> = [
        markerName, "nodes", "inventory.json", "inventory.json.lock", "credentials.json", "faults.journal", "pcppass.chaos",
    ]
}
