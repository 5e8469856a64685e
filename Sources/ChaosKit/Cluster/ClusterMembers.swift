// The node names of the built-in lab, used to check member names in scenarios before any cluster exists.

/// Node names scenarios may target by name.
public enum ClusterMembers {
    /// The built-in lab's nodes: three etcd, three PostgreSQL/Patroni, one PgPool-II.
    public static let labDefault = ["etcd1", "etcd2", "etcd3", "pg1", "pg2", "pg3", "pgpool"]
}
