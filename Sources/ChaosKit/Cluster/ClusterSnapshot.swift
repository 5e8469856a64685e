// What the cluster's own interfaces say at one moment, read in process (libcurl, libpq): Patroni's
// /cluster, each etcd member's status, the leader's recovery flag and who streams from it, and PgPool-II's
// SHOW POOL_NODES. Health is judged from a snapshot by a pure function (`ClusterHealth`).

import Foundation

/// One etcd member's role as its own status says.
public enum EtcdRole: String, Sendable, Hashable, Codable {
    /// It leads the raft group.
    case leader
    /// It follows a leader it knows.
    case follower
    /// It did not answer, or knows no leader.
    case unreachable
}

/// The leader's own view of replication.
public struct LeaderReplication: Sendable, Hashable {
    /// `pg_is_in_recovery()` on the leader (true: it is not yet a primary).
    public var inRecovery: Bool
    /// `application_name`s streaming from it (`pg_stat_replication`, state `streaming`).
    public var streaming: [String]

    /// Creates a view.
    public init(inRecovery: Bool, streaming: [String]) {
        self.inRecovery = inRecovery
        self.streaming = streaming
    }
}

/// The cluster at one moment.
public struct ClusterSnapshot: Sendable, Hashable {
    /// Patroni's members from the first member that answered `GET /cluster`; nil when none answered.
    public var members: [PatroniClusterMember]?
    /// Each etcd node's role, by node name.
    public var etcdRoles: [String: EtcdRole]
    /// The leader's replication view; nil when there is no single leader or it does not answer SQL.
    public var leaderReplication: LeaderReplication?
    /// PgPool-II's backends; nil when PgPool-II does not answer.
    public var pool: [PgPoolNode]?

    /// Creates a snapshot.
    public init(members: [PatroniClusterMember]?, etcdRoles: [String: EtcdRole], leaderReplication: LeaderReplication?, pool: [PgPoolNode]?) {
        self.members = members
        self.etcdRoles = etcdRoles
        self.leaderReplication = leaderReplication
        self.pool = pool
    }

    /// The members that claim leadership (`leader` or `standby_leader`).
    public var leaders: [PatroniClusterMember] {
        (members ?? []).filter { $0.role == "leader" || $0.role == "standby_leader" }
    }
}
