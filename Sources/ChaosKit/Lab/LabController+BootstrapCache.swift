// Filling the bootstrap cache after a fresh bootstrap: Patroni is killed on every member (so it takes no
// decision while PostgreSQL stops), the leader's PostgreSQL is stopped first (its walsenders send the shutdown
// checkpoint to the replicas before they exit), then the replicas': all three data directories end at one WAL
// position, so whichever member wins the leader race on a restored copy, the others follow it without a rewind.
// Then the copies are taken and Patroni started again on the live directories.

import Foundation

extension LabController {
    /// The cache entry for this lab with `profile`.
    func bootstrapCache(profile: ClusterRequirements, infra: LabInfra) -> LabBootstrapCache {
        LabBootstrapCache(root: LabBootstrapCache.root(environment: environment),
                          key: LabBootstrapCache.key(layout: layout, topology: topology, profile: profile, infra: infra), runner: runner)
    }

    /// Where the bootstrap cache lives.
    public var bootstrapCacheRoot: String { LabBootstrapCache.root(environment: environment) }

    /// How many bootstrapped clusters the cache keeps for this lab's state directory.
    public var bootstrapCacheEntries: Int {
        LabBootstrapCache.entries(root: bootstrapCacheRoot, stateDirectory: layout.stateDirectory).count
    }

    /// Removes this lab's entries from the bootstrap cache; returns how many there were. Refused while the lab
    /// runs on one of them (its data directories are overlays on the entry).
    @discardableResult
    public func purgeBootstrapCache() throws(LabError) -> Int {
        try withLabLock { () throws(LabError) -> Int in
            guard LabBootstrapCache.mounts(under: layout.stateDirectory).isEmpty else {
                throw LabError("the lab runs on the bootstrap cache (its data directories are mounted on it): not purged",
                               hint: "`chaos lab down --purge-cache` takes it down first")
            }
            return LabBootstrapCache.purge(root: bootstrapCacheRoot, stateDirectory: layout.stateDirectory)
        }
    }

    /// Stops the freshly bootstrapped members at one WAL position, stores their data, and starts them again.
    func fillBootstrapCache(_ cache: LabBootstrapCache, credentials: ClusterCredentials, control: LocalLab,
                            progress: LabProgress) throws(LabError) {
        let started = ContinuousClock.now
        let nodes = topology.nodes(.postgres).map(\.name)
        // Replicas still catching up would be stored behind the leader: wait until both stream from it
        // (pg_stat_replication on the leader), as a healthy lab's are.
        let deadline = ContinuousClock.now + .seconds(60)
        var current = status()
        while !(current.leader != nil && current.nodes.filter { $0.kind == .postgres && $0.name != current.leader }.allSatisfy { $0.state == "streaming" }) {
            guard ContinuousClock.now < deadline else {
                progress("warning: the bootstrap was not cached (the replicas did not stream within 60 s); the next up bootstraps afresh")
                return
            }
            usleep(200_000)
            current = status()
        }
        let leader = current.leader
        for node in nodes {
            guard let pid = try? control.pid(of: .patroni, on: node) else { continue }
            ProcessTable.send(SIGKILL, to: pid)
            _ = ProcessTable.waitForExit([pid], timeout: .seconds(5))
        }
        // Leader first: a replica stopped before it would miss its shutdown checkpoint.
        for node in nodes.filter({ $0 == leader }) + nodes.filter({ $0 != leader }) {
            guard let postmaster = try? control.pid(of: .postgres, on: node) else { continue }
            ProcessTable.send(SIGINT, to: postmaster)
            if !ProcessTable.waitForExit([postmaster], timeout: .seconds(30)).isEmpty {
                throw LabError("PostgreSQL on \(node) did not stop within 30 s while the bootstrap was being cached",
                               hint: "see `chaos lab logs \(node)`; `chaos lab up --no-cache` skips the cache")
            }
        }
        // The lab comes up either way: a bootstrap that could not be cached is said, not an error.
        var stored = true
        do { try cache.fill(from: layout, nodes: nodes, leader: leader, credentials: credentials) } catch {
            stored = false
            progress("warning: the bootstrap was not cached (\(error.message)); the next up bootstraps afresh")
        }
        try startPatroni(control)
        if stored {
            progress("bootstrap cached in \(cache.directory) (\(Self.seconds(ContinuousClock.now - started)); the next up or reset with these settings starts from it)")
        }
    }

    static func seconds(_ duration: Duration) -> String {
        String(format: "%.1f s", duration.timeInterval)
    }
}
