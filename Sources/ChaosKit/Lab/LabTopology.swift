// The shape of the local lab: which nodes, which namespaces and addresses, the bridge and its subnet.

/// One node of the lab before it exists.
public struct LabNodeSpec: Sendable, Equatable {
    /// Node name (`etcd1`, `pg1`, `pgpool`); for PostgreSQL nodes also the Patroni member name.
    public var name: String
    /// What it is.
    public var kind: NodeKind
    /// Its address on the lab subnet.
    public var address: String
    /// What its namespace is named after (`chaos` → `chaos-pg1`).
    public var namespacePrefix = "chaos"
    /// What its host interface is named after (`chv` → `chv-pg1`).
    public var interfacePrefix = "chv"

    /// The network namespace: `chaos-<name>`.
    public var namespace: String { "\(namespacePrefix)-\(name)" }
    /// The host side of its veth pair: `chv-<name>` (at most 15 characters).
    public var hostInterface: String { "\(interfacePrefix)-\(name)" }
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
    /// The standalone PostgreSQL that benchmarks compare the cluster with: not a cluster member, its
    /// namespace exists only while a benchmark (or `chaos lab up --baseline`) wants it.
    public var baseline: LabNodeSpec
    /// Prometheus for the lab (`chaos lab up --monitoring`): not a cluster member, on the clients' side like
    /// PgPool-II (hence its kind), its namespace exists only while monitoring runs.
    public var monitoring: LabNodeSpec

    /// Every namespace the lab may have: its nodes, the baseline and monitoring.
    public var allNodeSpecs: [LabNodeSpec] { nodes + [baseline, monitoring] }

    /// 3 etcd (10.203.0.11–13), 3 PostgreSQL/Patroni (10.203.0.21–23), PgPool-II (10.203.0.30) on `chaosbr0`.
    public static let standard = LabTopology.make(name: "chaos", interfacePrefix: "chv", secondOctet: 203)

    /// The test suite's own lab: the same nodes in namespaces `chaost-*` on `chaostbr0`, 10.213.0.0/24, so a
    /// user's lab on the standard network survives `swift test` and `scripts/test.sh`.
    public static let test = LabTopology.make(name: "chaost", interfacePrefix: "cht", secondOctet: 213)

    /// The topology `CHAOS_LAB_NETWORK` names: `standard` (the default) or `test`.
    ///
    /// - Throws: ``LabError`` for any other value.
    public static func fromEnvironment(_ environment: [String: String]) throws(LabError) -> LabTopology {
        switch environment["CHAOS_LAB_NETWORK"] ?? "" {
        case "", "standard": return .standard
        case "test": return .test
        case let other: throw LabError("CHAOS_LAB_NETWORK='\(other)' is not a lab network", hint: "use standard (10.203.0.0/24) or test (10.213.0.0/24)")
        }
    }

    /// Seven nodes on `10.<secondOctet>.0.0/24`, named after `name`.
    static func make(name: String, interfacePrefix: String, secondOctet: Int) -> LabTopology {
        let net = "10.\(secondOctet).0"
        let nodes: [(String, NodeKind, Int)] = [
            ("etcd1", .etcd, 11), ("etcd2", .etcd, 12), ("etcd3", .etcd, 13),
            ("pg1", .postgres, 21), ("pg2", .postgres, 22), ("pg3", .postgres, 23), ("pgpool", .pgpool, 30),
        ]
        return LabTopology(
            bridge: "\(name)br0", subnet: "\(net).0/24", hostAddress: "\(net).1", prefixLength: 24,
            nodes: nodes.map {
                LabNodeSpec(name: $0.0, kind: $0.1, address: "\(net).\($0.2)", namespacePrefix: name, interfacePrefix: interfacePrefix)
            },
            ruleComment: name == "chaos" ? "chaos-lab" : "\(name)-lab",
            baseline: LabNodeSpec(name: "baseline", kind: .postgres, address: "\(net).40", namespacePrefix: name, interfacePrefix: interfacePrefix),
            monitoring: LabNodeSpec(name: "monitoring", kind: .pgpool, address: "\(net).50", namespacePrefix: name, interfacePrefix: interfacePrefix))
    }

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
    /// Prometheus's web and HTTP API port (`chaos lab up --monitoring`).
    public static let prometheus = 9090
}
