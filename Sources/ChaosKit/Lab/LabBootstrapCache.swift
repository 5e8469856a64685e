// A bootstrapped cluster kept for the next bring-up: PostgreSQL's data directories right after Patroni's
// initdb and base backups, stopped cleanly (WAL older than the oldest member's redo point dropped), with the
// credentials they were made with.
// `lab up` and `lab reset` mount them as the lower layers of overlays and start Patroni on a fresh etcd, which Patroni fills again
// from the data (its initialize key from the system identifier, its dynamic configuration from patroni.yml):
// no initdb, no base backups. Entries live in /var/cache/chaos-lab (CHAOS_LAB_CACHE overrides), keyed by
// everything the data depends on, and are checked against that text, not only its hash; each state directory
// keeps its own few entries.

import Foundation

/// One entry of the bootstrap cache.
struct LabBootstrapCache {
    /// The cache's root directory.
    var root: String
    /// What the data depends on, in words: the state directory, the nodes and their addresses, the profile,
    /// PostgreSQL's binaries and the templates Patroni bootstraps from.
    var key: String
    /// Runs `cp` and `chown`.
    var runner: CommandRunner

    /// The most entries kept; the least recently used go first.
    static let capacity = 3
    /// The root directory: `CHAOS_LAB_CACHE`, else `/var/cache/chaos-lab`.
    static func root(environment: [String: String]) -> String {
        environment["CHAOS_LAB_CACHE"].flatMap { $0.isEmpty ? nil : $0 } ?? "/var/cache/chaos-lab"
    }

    /// The key of a lab: every input that ends up in the bootstrapped data.
    static func key(layout: LabLayout, topology: LabTopology, profile: ClusterRequirements, infra: LabInfra) -> String {
        var lines = ["format 1", "state \(layout.stateDirectory)", "postgres \(LabFiles.postgresBin)", "subnet \(topology.subnet)"]
        lines += topology.nodes.map { "node \($0.name) \($0.kind.rawValue) \($0.address)" }
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        lines.append("profile " + ((try? encoder.encode(profile)).map { String(decoding: $0, as: UTF8.self) } ?? profile.summary))
        for template in ["patroni/patroni.yml", "patroni/post_init.sh", "etcd/etcd.conf.yml"] {
            let text = (try? String(contentsOfFile: "\(infra.directory)/\(template)", encoding: .utf8)) ?? ""
            lines.append("template \(template) \(String(StableHash.fnv1a(text), radix: 16))")
        }
        return lines.joined(separator: "\n") + "\n"
    }

    /// The entry's directory.
    var directory: String { "\(root)/\(String(StableHash.fnv1a(key), radix: 16))" }
    private var keyFile: String { "\(directory)/key.txt" }
    private var credentialsFile: String { "\(directory)/credentials.json" }
    private func dataCopy(_ node: String) -> String { "\(directory)/\(node)" }

    /// The credentials of a complete entry for exactly this key; nil when there is none.
    func credentials(nodes: [String]) -> ClusterCredentials? {
        guard (try? String(contentsOfFile: keyFile, encoding: .utf8)) == key,
              nodes.allSatisfy({ FileManager.default.fileExists(atPath: "\(dataCopy($0))/PG_VERSION") }) else { return nil }
        return try? ClusterCredentials.load(from: credentialsFile)
    }

    /// Gives each node the entry's data directory as the lower layer of an overlay mounted on the lab's data
    /// directory (which must not exist yet): nothing is copied, PostgreSQL's writes land in the node's own upper
    /// layer (`nodes/<node>/overlay`) and the entry stays as it was. The upper layer lives on the node's own
    /// filesystem (``LabDataFilesystem``) when this host can make one, so a disk can fill on one node alone.
    /// `chaos lab down` unmounts them. Marks the entry used.
    /// Returns the nodes whose data could not get a filesystem of their own.
    @discardableResult
    func restore(into layout: LabLayout, nodes: [String]) throws(LabError) -> [String] {
        var plain: [String] = []
        for node in nodes {
            let overlay = "\(layout.nodeDirectory(node))/overlay"
            if !LabDataFilesystem(layout: layout, node: node).create(runner: runner) { plain.append(node) }
            let (upper, work, data) = ("\(overlay)/upper", "\(overlay)/work", layout.dataDirectory(node))
            let paths = [dataCopy(node), upper, work, data]
            // The mount option list separates with "," and ":"; such a path cannot be said in it.
            if let odd = paths.first(where: { $0.contains(",") || $0.contains(":") || $0.contains("\\") }) {
                throw LabError("the bootstrap cache cannot mount \(odd) (a comma, colon or backslash in the path)",
                               hint: "use a plainer CHAOS_LAB_DIR / CHAOS_LAB_CACHE, or `chaos lab up --no-cache`")
            }
            do {
                for directory in [upper, work, data] {
                    try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
                }
                // The overlay's root takes the upper layer's owner and mode: PostgreSQL's, 0700.
                try runner.output(["chown", "postgres:postgres", upper, data])
                try runner.output(["chmod", "0700", upper, data])
                try runner.output(["mount", "-t", "overlay", "overlay", "-o", "lowerdir=\(dataCopy(node)),upperdir=\(upper),workdir=\(work)", data])
            } catch {
                throw LabError("could not mount the cached data of \(node) on \(data): \(error)",
                               hint: "`chaos lab up --no-cache` bootstraps afresh (this kernel may lack overlayfs)")
            }
        }
        try? FileManager.default.setAttributes([.modificationDate: Date()], ofItemAtPath: keyFile)
        return plain
    }

    /// The member that led when the entry was made: it holds the replication slots of the others, so it is
    /// started first and leads again (a replica that won the race would make the others wait for their slots).
    var leader: String? {
        (try? String(contentsOfFile: "\(directory)/leader", encoding: .utf8)).map { $0.trimmingCharacters(in: .whitespacesAndNewlines) }
    }

    /// Stores the lab's stopped data directories, its credentials and its leader under this key, replacing an
    /// older entry, then drops the least recently used entries beyond ``capacity``.
    func fill(from layout: LabLayout, nodes: [String], leader: String?, credentials: ClusterCredentials) throws(LabError) {
        let staging = directory + ".partial"
        let fm = FileManager.default
        try? fm.removeItem(atPath: staging)
        do {
            try fm.createDirectory(atPath: staging, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
            var redoFiles: [String] = []
            for node in nodes {
                // Transient files a running server had; the copy starts like a cleanly stopped one.
                let copy = "\(staging)/\(node)"
                try runner.output(["cp", "-a", "--sparse=always", layout.dataDirectory(node), copy], timeout: .seconds(120))
                try? fm.removeItem(atPath: "\(copy)/postmaster.pid")
                // Only a cleanly stopped server is worth keeping (a member still running would have changed it
                // under the copy).
                let control = try Self.controlData(of: copy, runner: runner)
                let state = control["Database cluster state"] ?? "unknown"
                guard state == "shut down" || state == "shut down in recovery" else {
                    throw LabError("the data of \(node) was not cleanly stopped (\(state))")
                }
                guard let redo = control["Latest checkpoint's REDO WAL file"] else { throw LabError("pg_controldata of \(node) names no redo WAL file") }
                redoFiles.append(redo)
            }
            // Recovery starts at a checkpoint's redo point, and a replica's last restartpoint can be well behind the
            // leader's shutdown checkpoint: every copy keeps the WAL from the oldest redo point of all, so that a
            // replica still finds on the leader what it has to stream (segment names sort like their positions on
            // one timeline).
            if let oldest = redoFiles.min() {
                for node in nodes { try runner.output(["\(LabFiles.postgresBin)/pg_archivecleanup", "\(staging)/\(node)/pg_wal", oldest]) }
            }
            try credentials.write(to: "\(staging)/credentials.json")
            if let leader { try Data((leader + "\n").utf8).write(to: URL(fileURLWithPath: "\(staging)/leader")) }
            try Data(key.utf8).write(to: URL(fileURLWithPath: "\(staging)/key.txt"))
            try? fm.removeItem(atPath: directory)
            try fm.moveItem(atPath: staging, toPath: directory)
        } catch {
            try? fm.removeItem(atPath: staging)
            throw LabError("could not store the bootstrapped cluster in \(root): \(error)", hint: "check the disk; `--no-cache` skips the cache")
        }
        prune()
    }

    /// A stopped data directory's control file, as `pg_controldata` prints it (field → value).
    static func controlData(of directory: String, runner: CommandRunner) throws(CommandError) -> [String: String] {
        let text = try runner.output(["\(LabFiles.postgresBin)/pg_controldata", directory], environment: ["LC_ALL": "C"])
        var fields: [String: String] = [:]
        for line in text.split(separator: "\n") {
            let parts = line.split(separator: ":", maxSplits: 1)
            if parts.count == 2 { fields[String(parts[0])] = parts[1].trimmingCharacters(in: .whitespaces) }
        }
        return fields
    }

    /// Mount points at or under `directory`, deepest first (from /proc/self/mountinfo, which lists canonical paths:
    /// `directory` is resolved the same way, so a relative or symlinked CHAOS_LAB_DIR still finds its mounts).
    static func mounts(under given: String) -> [String] {
        let directory = URL(fileURLWithPath: given).standardizedFileURL.resolvingSymlinksInPath().path
        let points = ProcFile.mounts().map(\.point)
        // The newest first: an overlay goes before the filesystem its upper layer is on (mount order, not path depth).
        return points.filter { $0 == directory || $0.hasPrefix(directory + "/") }.reversed()
    }

    /// Unmounts everything under `directory` (lazily when a mount is still busy); returns what stays mounted.
    @discardableResult
    static func unmountAll(under directory: String, runner: CommandRunner) -> [String] {
        for point in mounts(under: directory) where !runner.run(["umount", point], timeout: .seconds(20)).succeeded {
            _ = runner.run(["umount", "-l", point], timeout: .seconds(20))
        }
        return mounts(under: directory)
    }

    /// Removes the entries of the lab in `stateDirectory` (`chaos lab down --purge-cache`); returns how many.
    static func purge(root: String, stateDirectory: String) -> Int {
        let entries = entries(root: root, stateDirectory: stateDirectory)
        for entry in entries { try? FileManager.default.removeItem(atPath: "\(root)/\(entry)") }
        // The root goes only when empty: another lab's entries stay.
        if (try? FileManager.default.contentsOfDirectory(atPath: root))?.isEmpty == true { try? FileManager.default.removeItem(atPath: root) }
        return entries.count
    }

    /// The complete entries made for the lab in `stateDirectory` (another state directory's are never touched).
    static func entries(root: String, stateDirectory: String) -> [String] {
        let names = ((try? FileManager.default.contentsOfDirectory(atPath: root)) ?? []).filter { !$0.hasSuffix(".partial") }
        return names.filter { name in
            let key = (try? String(contentsOfFile: "\(root)/\(name)/key.txt", encoding: .utf8)) ?? ""
            return key.split(separator: "\n").contains { $0 == "state \(stateDirectory)" }
        }.sorted()
    }

    private func prune() {
        let fm = FileManager.default
        let state = key.split(separator: "\n").first { $0.hasPrefix("state ") }.map { String($0.dropFirst(6)) } ?? ""
        let byUse = Self.entries(root: root, stateDirectory: state).map { name -> (String, Date) in
            let used = (try? fm.attributesOfItem(atPath: "\(root)/\(name)/key.txt")[.modificationDate] as? Date) ?? .distantPast
            return (name, used)
        }.sorted { $0.1 > $1.1 }
        for (name, _) in byUse.dropFirst(Self.capacity) { try? fm.removeItem(atPath: "\(root)/\(name)") }
    }
}
