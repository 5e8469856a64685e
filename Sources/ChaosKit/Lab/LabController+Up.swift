// Bringing the lab up: preflight → (already healthy? done) → clear a stale lab → credentials and configs →
// network → (the bootstrap cache's data directories, when it has them) → etcd (quorum) → Patroni (all members
// running; a fresh bootstrap is stored in the cache) → PgPool-II and exporters → healthy.
// PgPool-II starts only once every member is running: earlier, it sometimes wedges for ~50 s.

import Foundation

extension LabController {
    /// Brings the lab up and waits until it is healthy. Idempotent: a healthy lab is left as it is (or
    /// reconfigured when `profile` differs from the one it runs); a stale or broken lab is cleared first.
    /// - Parameters:
    ///   - profile: the wanted profile; nil keeps the running one (or uses ``ClusterRequirements/labDefault``).
    ///   - useCache: start from the bootstrap cache when it has this lab's data, and store a fresh bootstrap in it;
    ///     false bootstraps afresh and leaves the cache alone.
    public func up(profile wanted: ClusterRequirements? = nil, useCache: Bool = true, timeout: Duration = .seconds(180),
                   progress: LabProgress = { _ in }) throws(LabError) -> LabUpResult {
        try withLabLock { () throws(LabError) -> LabUpResult in
            try upHoldingLock(profile: wanted, useCache: useCache, timeout: timeout, progress: progress)
        }
    }

    func upHoldingLock(profile wanted: ClusterRequirements?, useCache: Bool, timeout: Duration,
                       progress: LabProgress) throws(LabError) -> LabUpResult {
        let started = ContinuousClock.now
        try LabPreflight.check()
        let infra = try LabInfra.locate(environment: environment)

        if let existing = inventory() {
            let current = status()
            if current.healthy {
                if let wanted, wanted != existing.profile {
                    progress("lab is up with \(existing.profile.summary); reconfiguring to \(wanted.summary)")
                    let status = try reconfigureHoldingLock(to: wanted, progress: progress)
                    return LabUpResult(outcome: .reconfigured, elapsed: ContinuousClock.now - started, clearedStale: false, status: status)
                }
                return LabUpResult(outcome: .alreadyHealthy, elapsed: ContinuousClock.now - started, clearedStale: false, status: current)
            }
            progress("a lab exists but is not healthy (\(current.problems.first ?? "?")); rebuilding it")
        }
        let stale = leftovers()
        if !stale.isClean {
            progress("clearing a stale lab: \(stale.summary)")
            try downHoldingLock(progress: progress)
        }

        try checkStateDirectoryIsOurs()
        let profile = wanted ?? .labDefault
        let cache = useCache ? bootstrapCache(profile: profile, infra: infra) : nil
        let databaseNodes = topology.nodes(.postgres).map(\.name)
        let cachedCredentials = cache?.credentials(nodes: databaseNodes)
        progress("building the lab in \(layout.stateDirectory) (\(profile.summary))"
                 + (cachedCredentials != nil ? " from the bootstrap cache" : ""))
        let credentials = cachedCredentials ?? ClusterCredentials.generate()
        let files = LabFiles(topology: topology, layout: layout, infra: infra, credentials: credentials, profile: profile, runner: runner)
        let nodes = try files.writeAll()
        try writeMarker()
        do { try credentials.write(to: layout.credentialsFile) } catch { throw LabError("\(error)", hint: "check the state directory") }
        let inventory = Inventory(
            platform: "local-lab", scope: files.scope, stateDirectory: layout.stateDirectory, credentialsFile: layout.credentialsFile,
            network: .init(bridge: topology.bridge, subnet: topology.subnet, hostAddress: topology.hostAddress),
            profile: profile, nodes: nodes, createdAt: Self.timestamp())
        do { try inventory.write(to: layout.inventoryFile) } catch { throw LabError("\(error)", hint: "check the state directory") }

        let halfBuilt = "a half-built lab is left for diagnosis: `chaos lab logs NODE`, then `chaos lab down` removes it"
        do {
            try LabNetwork(topology: topology, runner: runner).create()
            progress("network up: \(topology.bridge) \(topology.hostAddress)/\(topology.prefixLength), \(topology.nodes.count) namespaces")
            let control = self.control
            if let cache, cachedCredentials != nil {
                let plain = try cache.restore(into: layout, nodes: databaseNodes)
                progress("data directories: overlays on \(cache.directory)")
                if !plain.isEmpty {
                    progress("warning: no filesystem of its own for the data of \(plain.joined(separator: ", ")) (no loop device or mkfs.ext4?): "
                             + "disk_full and fs_freeze will be refused there")
                }
            }
            for node in topology.nodes(.etcd) { try startService(control, .etcd, node.name) }
            try waitFor("etcd quorum", timeout: .seconds(30)) { reader in
                topology.nodes(.etcd).compactMap { inventory.node($0.name) }.allSatisfy { reader.etcdRole($0) != .unreachable }
            }
            progress("etcd: 3 members with a leader")
            try startPatroni(control, first: cachedCredentials != nil ? cache?.leader : nil)
            progress("patroni: every member running")
            if let cache, cachedCredentials == nil {
                try fillBootstrapCache(cache, credentials: credentials, control: control, progress: progress)
                // Every lab from the cache runs the same way: the data as overlays on the stored copy, each node's
                // writes on a filesystem of its own (what the disk faults act on). So the first one too.
                if cache.credentials(nodes: databaseNodes) != nil {
                    progress("starting again from the bootstrap cache")
                    try downHoldingLock(progress: progress)
                    do {
                        let again = try upHoldingLock(profile: profile, useCache: true, timeout: timeout, progress: progress)
                        return LabUpResult(outcome: .started, elapsed: ContinuousClock.now - started, clearedStale: !stale.isClean, status: again.status)
                    } catch {
                        // A host without overlayfs cannot start from the cache: bootstrap afresh, as before the cache.
                        progress("warning: starting from the bootstrap cache failed (\(error.message)); bootstrapping afresh without it")
                        try downHoldingLock(progress: progress)
                        return try upHoldingLock(profile: profile, useCache: false, timeout: timeout, progress: progress)
                    }
                }
            }
            for node in topology.nodes(.pgpool) { try startService(control, .pgpool, node.name) }
            for node in topology.nodes(.postgres) { try startService(control, .exporter, node.name) }
            let remaining = timeout - (ContinuousClock.now - started)
            let status = try waitUntilHealthy(timeout: max(remaining, .seconds(10)), progress: progress)
            return LabUpResult(outcome: .started, elapsed: ContinuousClock.now - started, clearedStale: !stale.isClean, status: status)
        } catch {
            throw LabError(error.message, hint: error.hint.isEmpty ? halfBuilt : "\(error.hint); \(halfBuilt)")
        }
    }

    /// Starts Patroni on every database node and waits until every member runs, one of them the leader.
    /// - Parameter first: a member started alone first, the others once it leads.
    func startPatroni(_ control: LocalLab, first: String? = nil) throws(LabError) {
        var rest = topology.nodes(.postgres).map(\.name)
        if let first, rest.contains(first) {
            try startService(control, .patroni, first)
            try waitFor("\(first) leading", timeout: .seconds(60)) { reader in
                reader.patroniMembers()?.contains { $0.name == first && $0.role == "leader" && $0.state == "running" } == true
            }
            rest.removeAll { $0 == first }
        }
        for node in rest { try startService(control, .patroni, node) }
        try waitFor("every Patroni member running with one leader", timeout: .seconds(120)) { reader in
            guard let members = reader.patroniMembers() else { return false }
            return members.count == topology.nodes(.postgres).count && members.allSatisfy { $0.state == "running" }
                && members.filter { $0.role == "leader" }.count == 1
        }
    }

    func startService(_ control: LocalLab, _ service: ServiceKind, _ node: String) throws(LabError) {
        do { try control.start(service, on: node) } catch let error as LabError { throw error } catch {
            throw LabError("could not start \(service.rawValue) on \(node): \(error)", hint: "see `chaos lab logs \(node)`")
        }
    }

    /// Polls `condition` every 100 ms until true or `timeout`.
    func waitFor(_ what: String, timeout: Duration, _ condition: (ClusterReader) -> Bool) throws(LabError) {
        let deadline = ContinuousClock.now + timeout
        while true {
            guard let inventory = inventory() else { throw LabError("the inventory disappeared while waiting for \(what)") }
            if condition(ClusterReader(inventory: inventory, credentials: credentials())) { return }
            guard ContinuousClock.now < deadline else {
                throw LabError("timed out after \(timeout) waiting for \(what)", hint: "see `chaos lab logs`")
            }
            usleep(100_000)
        }
    }

    /// Refuses a state directory that holds things the lab did not put there (`down` deletes the whole
    /// directory once the lab's marker is in it: CHAOS_LAB_DIR must not point at someone's files).
    func checkStateDirectoryIsOurs() throws(LabError) {
        let directory = layout.stateDirectory
        guard let entries = try? FileManager.default.contentsOfDirectory(atPath: directory) else { return }
        let foreign = entries.filter { !Self.labEntries.contains($0) }.sorted()
        guard foreign.isEmpty else {
            throw LabError("state directory \(directory) holds files the lab did not create (\(foreign.prefix(5).joined(separator: ", ")))",
                           hint: "point CHAOS_LAB_DIR at an empty or new directory; `chaos lab down` deletes the whole state directory")
        }
    }

    /// Marks the state directory as the lab's, so `down` only ever deletes a directory the lab made.
    func writeMarker() throws(LabError) {
        let marker = "\(layout.stateDirectory)/\(Self.markerName)"
        guard FileManager.default.createFile(atPath: marker, contents: Data("chaos lab state directory\n".utf8)) else {
            throw LabError("could not write \(marker)", hint: "check that \(layout.stateDirectory) is writable by root")
        }
    }

    static let markerName = ".chaos-lab"

    /// The machine-wide lock that serialises up / down / reset / reconfigure between processes (the lab's
    /// namespaces and bridge are per machine, whatever the state directory).
    static let lockFile = FileManager.default.fileExists(atPath: "/run/lock") ? "/run/lock/chaos-lab.lock" : "/tmp/chaos-lab.lock"

    func withLabLock<T>(_ body: () throws(LabError) -> T) throws(LabError) -> T {
        return try FileLock.withExclusiveLock(on: Self.lockFile, body)
    }

    static func timestamp() -> String {
        let formatter = ISO8601DateFormatter()
        formatter.timeZone = TimeZone(identifier: "UTC")
        return formatter.string(from: Date())
    }
}
