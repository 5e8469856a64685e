// The cluster file: what the SSH platform knows of a cluster it did not build — its name, whether it is
// protected, where its passwords are, and per node the address, interface, ports, SSH login and how each
// service is found and controlled. Written by the user or drafted by `chaos discover`; read by
// `ClusterFileReader`, which reports problems at file:line:col like a scenario.

/// A cluster on the user's own hosts.
public struct ClusterFile: Sendable, Equatable {
    /// The cluster's name: Patroni's scope, and what `--confirm` must repeat.
    public var name: String
    /// Faults are refused outright.
    public var isProtected: Bool
    /// The 0600 JSON file with the cluster's users and passwords (the lab's `credentials.json` format).
    public var credentialsFile: String
    /// How long a dead-man's switch waits before it reverts a fault that has no `duration` (seconds).
    public var revertAfter: Int
    /// Every node, in file order.
    public var nodes: [ClusterFileNode]
    /// A standalone PostgreSQL for `chaos bench`'s `single` target (`baseline: host:port`), reached with the
    /// cluster's application user, password and database; chaos never starts or stops it.
    public var baseline: HostPort?

    /// Describes a cluster.
    public init(name: String, isProtected: Bool, credentialsFile: String, revertAfter: Int = 600, nodes: [ClusterFileNode]) {
        self.name = name
        self.isProtected = isProtected
        self.credentialsFile = credentialsFile
        self.revertAfter = revertAfter
        self.nodes = nodes
    }

    /// The node with that name.
    public func node(_ name: String) -> ClusterFileNode? { nodes.first { $0.name == name } }
}

/// One host of the cluster.
public struct ClusterFileNode: Sendable, Equatable {
    /// The node's name (for PostgreSQL nodes also the Patroni member name).
    public var name: String
    /// What it runs.
    public var kind: NodeKind
    /// The address clients, peers and SSH use.
    public var address: String
    /// The network interface that carries the cluster's traffic (network faults act on it).
    public var interface: String
    /// Named TCP ports, as in the lab's inventory (`postgres`, `patroni-api`, `etcd-client`, `pgpool`, `pcp`…).
    public var ports: [String: Int]
    /// How to log in.
    public var login: SSHLogin
    /// How each service is found and controlled.
    public var services: [ServiceKind: ServiceControl]

    /// Describes a node.
    public init(name: String, kind: NodeKind, address: String, interface: String, ports: [String: Int], login: SSHLogin,
                services: [ServiceKind: ServiceControl]) {
        self.name = name
        self.kind = kind
        self.address = address
        self.interface = interface
        self.ports = ports
        self.login = login
        self.services = services
    }
}

/// An SSH login: user, port and key; what is nil comes from the user's own ssh configuration and agent.
public struct SSHLogin: Sendable, Equatable, Codable {
    /// The remote user (root, or a user allowed `sudo -n`).
    public var user: String?
    /// The SSH port.
    public var port: Int
    /// The private key file.
    public var identityFile: String?
    /// The known_hosts file to check and record host keys in (new hosts are accepted on first contact).
    public var knownHostsFile: String?

    /// Describes a login.
    public init(user: String? = nil, port: Int = 22, identityFile: String? = nil, knownHostsFile: String? = nil) {
        self.user = user
        self.port = port
        self.identityFile = identityFile
        self.knownHostsFile = knownHostsFile
    }

    /// Whether remote commands need `sudo -n` (a user other than root).
    public var needsSudo: Bool { (user ?? "root") != "root" }
}

/// How one service on a host is found and controlled.
public enum ServiceControl: Sendable, Equatable {
    /// A systemd unit: its MainPID, `systemctl start/stop`.
    case systemd(unit: String)
    /// A process found by the TCP port it listens on; started (when `start` is given) with that shell command,
    /// detached, its output appended to `log`.
    case process(listen: Int, start: String?, log: String?)

    /// The port a `.process` service listens on.
    public var listenPort: Int? {
        if case .process(let port, _, _) = self { return port }
        return nil
    }
}
