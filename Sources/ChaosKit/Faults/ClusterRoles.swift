// Who holds which role right now, and picking targets from it: faults are aimed by role when they fire.

/// A snapshot of the cluster's roles, taken just before a step fires.
public struct ClusterRoles: Sendable, Equatable {
    /// The Patroni leader, if exactly one.
    public var leader: String?
    /// Patroni replicas (members that are not the leader).
    public var replicas: [String]
    /// Synchronous standbys (sync mode only).
    public var syncStandbys: [String]
    /// The etcd raft leader.
    public var etcdLeader: String?
    /// etcd members that answer and are not the leader.
    public var etcdFollowers: [String]
    /// Every etcd node.
    public var etcd: [String]
    /// Every PostgreSQL node.
    public var postgres: [String]
    /// The PgPool-II node(s).
    public var pgpool: [String]

    /// Creates a snapshot.
    public init(leader: String?, replicas: [String], syncStandbys: [String], etcdLeader: String?, etcdFollowers: [String],
                etcd: [String], postgres: [String], pgpool: [String]) {
        self.leader = leader
        self.replicas = replicas
        self.syncStandbys = syncStandbys
        self.etcdLeader = etcdLeader
        self.etcdFollowers = etcdFollowers
        self.etcd = etcd
        self.postgres = postgres
        self.pgpool = pgpool
    }

    /// The nodes a selector names now; random picks come from `generator` (seeded per run, so recorded).
    public func resolve(_ selector: TargetSelector, using generator: inout some RandomNumberGenerator) throws(FaultError) -> [String] {
        let candidates: [String]
        switch selector.role {
        case .primary: candidates = leader.map { [$0] } ?? []
        case .replica: candidates = replicas
        case .syncStandby: candidates = syncStandbys
        case .etcdLeader: candidates = etcdLeader.map { [$0] } ?? []
        case .etcdFollower: candidates = etcdFollowers
        case .etcd: candidates = etcd
        case .postgres: candidates = postgres
        case .pgpool: candidates = pgpool
        case .member(let name): candidates = (etcd + postgres + pgpool).contains(name) ? [name] : []
        }
        guard !candidates.isEmpty else {
            throw FaultError("no node has the role '\(selector.role)' right now", hint: "check `chaos lab status`; the cluster may be unhealthy")
        }
        switch selector.count {
        case .all: return candidates
        case .one: return [candidates.sorted().randomElement(using: &generator) ?? candidates[0]]
        case .exactly(let n):
            guard n <= candidates.count else {
                throw FaultError("'\(selector)' asks for \(n) but only \(candidates.count) node(s) have the role now: \(candidates.joined(separator: ", "))")
            }
            return Array(candidates.sorted().shuffled(using: &generator).prefix(n)).sorted()
        }
    }
}

/// A seeded random number generator (SplitMix64), so a run's random picks can be replayed from its seed.
public struct SeededGenerator: RandomNumberGenerator, Sendable {
    private var state: UInt64

    /// A generator that yields the same sequence for the same seed.
    public init(seed: UInt64) { state = seed }

    public mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
