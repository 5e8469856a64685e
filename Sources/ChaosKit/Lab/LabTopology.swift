// The shape of the local lab: which nodes, which namespaces and addresses, the bridge and its subnet.

/// One node of the lab before it exists.
public struct LabNodeSpec: Sendable, Equatable {
    /// Node name (`etcd1`, `pg1`, `pgpool`); for PostgreSQL nodes also the Patroni member name.
    public var name: String
    /// What it is.
    public var kind: NodeKind
    /// Its address on the lab subnet.
    public var address: String

    /// The network namespace: `chaos-<name>`.
    public var namespace: String { "chaos-\(name)" }
    /// The host side of its veth pair: `chv-<name>` (at most 15 characters).
    public var hostInterface: String { "chv-\(name)" }
}

/// The lab's nodes and network.
public struct LabTopology: Sendable, Equatable {
    /// The host bridge.
    public var bridge: String
    /// The subnet, CIDR.
    public var subnet: String
    /// The host's address on the bridge.
    public var hostAddress: String
    /// Prefix length of the subnet.
    public var prefixLength: Int
    /// The nodes: etcd first, then PostgreSQL, then PgPool-II (the start order).
    public var nodes: [LabNodeSpec]
    /// The comment that tags the host iptables rule, so tear-down removes exactly that.
    public var ruleComment: String

    /// 3 etcd (10.203.0.11–13), 3 PostgreSQL/Patroni (10.203.0.21–23), PgPool-II (10.203.0.30) on `chaosbr0`.
    public static let standard = LabTopology(
        bridge: "chaosbr0", subnet: "10.203.0.0/24", hostAddress: "10.203.0.1", prefixLength: 24,
        nodes: [
            LabNodeSpec(name: "etcd1", kind: .etcd, address: "10.203.0.11"),
            LabNodeSpec(name: "etcd2", kind: .etcd, address: "10.203.0.12"),
            LabNodeSpec(name: "etcd3", kind: .etcd, address: "10.203.0.13"),
            LabNodeSpec(name: "pg1", kind: .postgres, address: "10.203.0.21"),
            LabNodeSpec(name: "pg2", kind: .postgres, address: "10.203.0.22"),
            LabNodeSpec(name: "pg3", kind: .postgres, address: "10.203.0.23"),
            LabNodeSpec(name: "pgpool", kind: .pgpool, address: "10.203.0.30"),
        ],
        ruleComment: "chaos-lab")

    /// The nodes of one kind.
    public func nodes(_ kind: NodeKind) -> [LabNodeSpec] { nodes.filter { $0.kind == kind } }

    /// The node with that name.
    public func node(_ name: String) -> LabNodeSpec? { nodes.first { $0.name == name } }
}

/// Well-known ports inside each namespace.
public enum LabPorts {
    /// etcd client port.
    public static let etcdClient = 2379
    /// etcd peer port.
    public static let etcdPeer = 2380
    /// PostgreSQL.
    public static let postgres = 5432
    /// Patroni REST API.
    public static let patroniAPI = 8008
    /// prometheus-postgres-exporter.
    public static let exporter = 9187
    /// PgPool-II client port.
    public static let pgpool = 9999
    /// PgPool-II PCP port.
    public static let pcp = 9898
}
