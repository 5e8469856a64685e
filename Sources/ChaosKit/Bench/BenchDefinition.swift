// The model of a benchmark definition: which targets, modes and client counts, for how long, how often.

/// Where a benchmark's clients connect.
public enum BenchTarget: String, Sendable, Hashable, CaseIterable, Codable {
    /// A standalone PostgreSQL 15 with the cluster's settings and no replication: the baseline.
    case single
    /// The cluster's primary, found by libpq over every node (`target_session_attrs=read-write`).
    case direct
    /// Through PgPool-II (writes to the primary, reads load-balanced).
    case pgpool
    /// Read-only, straight to the replicas (`target_session_attrs=standby`).
    case replica

    /// Whether this target accepts writes.
    public var acceptsWrites: Bool { self != .replica }
}

/// What each client runs.
public enum BenchMode: String, Sendable, Hashable, CaseIterable, Codable {
    /// pgbench's TPC-B-like transaction (3 updates, 1 select, 1 insert).
    case tpcbLike = "tpcb-like"
    /// pgbench's simple-update (1 update, 1 select, 1 insert).
    case simpleUpdate = "simple-update"
    /// pgbench's select-only (one primary-key select).
    case selectOnly = "select-only"
    /// The chaos writer's own statement: one INSERT of a row per transaction.
    case insert

    /// Whether the mode writes (and so cannot run against `replica`).
    public var writes: Bool { self != .selectOnly }
}

/// A checked benchmark definition.
public struct BenchDefinition: Sendable, Hashable, Codable {
    /// The definition's name (its file name, or `ad-hoc`).
    public var name: String
    /// A short title.
    public var title: String
    /// Where each cell's clients connect, in the order given.
    public var targets: [BenchTarget]
    /// What the clients run.
    public var modes: [BenchMode]
    /// Client counts.
    public var clients: [Int]
    /// How long each cell is measured, in seconds.
    public var durationSeconds: Int
    /// How long each cell runs before its measurement starts, in seconds.
    public var warmupSeconds: Int
    /// How many times each cell is run (interleaved).
    public var repetitions: Int
    /// pgbench's scale factor (`-s`): 100 000 accounts per unit.
    public var scale: Int
    /// pgbench worker threads per cell; nil: one per client, at most one per CPU.
    public var threads: Int?
    /// What the cluster must be configured as (replication async or sync makes the price of synchronous commit one more run).
    public var cluster: ClusterRequirements
    /// Keep the pgbench tables in the cluster (and the baseline node running) afterwards.
    public var keep: Bool

    /// Creates a definition.
    public init(
        name: String, title: String, targets: [BenchTarget], modes: [BenchMode], clients: [Int], durationSeconds: Int,
        warmupSeconds: Int, repetitions: Int, scale: Int, threads: Int? = nil, cluster: ClusterRequirements = ClusterRequirements(),
        keep: Bool = false
    ) {
        self.name = name
        self.title = title
        self.targets = targets
        self.modes = modes
        self.clients = clients
        self.durationSeconds = durationSeconds
        self.warmupSeconds = warmupSeconds
        self.repetitions = repetitions
        self.scale = scale
        self.threads = threads
        self.cluster = cluster
        self.keep = keep
    }

    /// Every cell in the order it runs: repetition by repetition, and within one, for each mode and client
    /// count every target in turn (A B C A B C …), so drift on a shared machine favours no target. A target
    /// that cannot run a mode (a write mode on `replica`) is left out.
    public var cells: [BenchCell] {
        var cells: [BenchCell] = []
        for repetition in 1...max(repetitions, 1) {
            for mode in modes {
                for count in clients {
                    for target in targets where target.acceptsWrites || !mode.writes {
                        cells.append(BenchCell(target: target, mode: mode, clients: count, repetition: repetition))
                    }
                }
            }
        }
        return cells
    }

    /// The pgbench worker threads (`-j`) for a client count on a machine with `cores` CPUs.
    public func threads(forClients count: Int, cores: Int) -> Int {
        min(count, threads ?? max(cores, 1))
    }
}

/// One measured combination.
public struct BenchCell: Sendable, Hashable, Codable {
    /// Where the clients connect.
    public var target: BenchTarget
    /// What they run.
    public var mode: BenchMode
    /// How many clients.
    public var clients: Int
    /// Which repetition (from 1).
    public var repetition: Int

    /// Creates a cell.
    public init(target: BenchTarget, mode: BenchMode, clients: Int, repetition: Int) {
        self.target = target
        self.mode = mode
        self.clients = clients
        self.repetition = repetition
    }

    /// `direct tpcb-like c=4 #2`.
    public var label: String { "\(target.rawValue) \(mode.rawValue) c=\(clients) #\(repetition)" }
}
