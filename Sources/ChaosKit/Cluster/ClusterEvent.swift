// A change the observer saw in the cluster, stamped on the run's monotonic clock.

/// Something that changed in the cluster.
public struct ClusterEvent: Sendable, Hashable, Codable {
    /// What changed.
    public enum Kind: String, Sendable, Hashable, Codable {
        /// A Patroni member stopped answering (from/to unused).
        case memberUnreachable
        /// A Patroni member answers again (also its first answer).
        case memberReachable
        /// A member's Patroni role changed, e.g. `primary` → `replica` (from nil on first sight).
        case roleChanged
        /// A member's Postgres state changed, e.g. `running` → `stopped`.
        case stateChanged
        /// A member's timeline changed (numbers as text).
        case timelineChanged
        /// Patroni's leader key in etcd changed holder; `to` nil means the key is gone.
        case leaderKeyChanged
        /// The etcd raft leader changed (member ids).
        case etcdLeaderChanged
        /// An etcd endpoint stopped answering.
        case etcdUnreachable
        /// An etcd endpoint answers again.
        case etcdReachable
        /// PgPool-II's primary backend changed (`host:port`, nil when it sees none).
        case pgpoolPrimaryChanged
        /// One PgPool backend's status changed (`member` is `host:port`).
        case pgpoolNodeStatusChanged
        /// PgPool-II stopped answering.
        case pgpoolUnreachable
        /// PgPool-II answers again.
        case pgpoolReachable
    }

    /// When the observing poll completed (ns since the run's start).
    public var timeNs: Int64
    /// When the previous poll of the same source completed: the change happened in (`previousNs`, `timeNs`].
    public var previousNs: Int64?
    /// What changed.
    public var kind: Kind
    /// The observing source, e.g. `patroni:pg1`, `etcd:http://10.203.0.11:2379`, `pgpool`.
    public var source: String
    /// The member concerned (Patroni member name, etcd endpoint, PgPool backend `host:port`).
    public var member: String?
    /// Previous value, if any.
    public var from: String?
    /// New value, if any.
    public var to: String?

    /// Creates an event.
    public init(
        timeNs: Int64, previousNs: Int64? = nil, kind: Kind, source: String, member: String? = nil, from: String? = nil,
        to: String? = nil
    ) {
        self.timeNs = timeNs
        self.previousNs = previousNs
        self.kind = kind
        self.source = source
        self.member = member
        self.from = from
        self.to = to
    }
}

// events.csv (RFC 4180 writing and reading back) lives in Report/ClusterEvent+CSV.swift.
