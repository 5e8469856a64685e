// The inventory: what a running cluster is made of (nodes, addresses, ports, service PIDs, where the
// credentials are). The lab writes it to <stateDir>/inventory.json; faults, the writer and the observer read it.

import Foundation

/// A cluster's nodes and how to reach and control them.
public struct Inventory: Codable, Sendable, Equatable {
    /// The format version of this file.
    public var version: Int
    /// Which platform built the cluster (`local-lab`; later `docker`).
    public var platform: String
    /// Patroni's scope (cluster name).
    public var scope: String
    /// The state directory holding every node's data, configuration, sockets and logs.
    public var stateDirectory: String
    /// The 0600 JSON file with the cluster's passwords (see ``ClusterCredentials``). Never print its content.
    public var credentialsFile: String
    /// The lab network.
    public var network: Network
    /// The timing/replication profile the cluster was built with.
    public var profile: ClusterRequirements
    /// Every node, etcd first, then PostgreSQL, then PgPool-II.
    public var nodes: [Node]
    /// When the cluster was built (UTC, ISO 8601), a label only.
    public var createdAt: String

    /// The bridge and subnet the nodes share.
    public struct Network: Codable, Sendable, Equatable {
        /// The host bridge (e.g. `chaosbr0`).
        public var bridge: String
        /// The subnet in CIDR form (e.g. `10.203.0.0/24`).
        public var subnet: String
        /// The host's own address on the bridge (e.g. `10.203.0.1`); the host reaches every node directly.
        public var hostAddress: String

        /// Describes the network.
        public init(bridge: String, subnet: String, hostAddress: String) {
            self.bridge = bridge
            self.subnet = subnet
            self.hostAddress = hostAddress
        }
    }

    /// One node: a network namespace with its own address running one or more services.
    public struct Node: Codable, Sendable, Equatable {
        /// The node's name (`etcd1`, `pg1`, `pgpool`); for PostgreSQL nodes it is also the Patroni member name.
        public var name: String
        /// What the node is.
        public var kind: NodeKind
        /// The network namespace (`chaos-pg1`).
        public var namespace: String
        /// The node's IPv4 address on the lab network.
        public var address: String
        /// The host-side veth interface name (`chv-pg1`).
        public var hostInterface: String
        /// Named TCP ports: `etcd-client`, `etcd-peer`, `postgres`, `patroni-api`, `exporter`, `pgpool`, `pcp`.
        public var ports: [String: Int]
        /// The node's own directory (data, conf, run, log below it).
        public var directory: String
        /// The services running on the node.
        public var services: [Service]
        /// The interface that carries the cluster's traffic (nil: `eth0`, as in the lab and the Compose stack).
        public var interface: String?
        /// The TCP port of the SSH connection chaos controls the node through (nil: none). Network faults
        /// never cut it, or the fault could not be healed.
        public var controlPort: Int?

        /// The interface network faults act on.
        public var trafficInterface: String { interface ?? "eth0" }

        /// Describes a node.
        public init(name: String, kind: NodeKind, namespace: String, address: String, hostInterface: String,
                    ports: [String: Int], directory: String, services: [Service], interface: String? = nil, controlPort: Int? = nil) {
            self.interface = interface
            self.controlPort = controlPort
            self.name = name
            self.kind = kind
            self.namespace = namespace
            self.address = address
            self.hostInterface = hostInterface
            self.ports = ports
            self.directory = directory
            self.services = services
        }

        /// The service of that kind on this node, if any.
        public func service(_ kind: ServiceKind) -> Service? { services.first { $0.kind == kind } }
    }

    /// One service process on a node.
    public struct Service: Codable, Sendable, Equatable {
        /// What it is.
        public var kind: ServiceKind
        /// The user it runs as.
        public var user: String
        /// The PID recorded when it was last started (nil: not started); check ``ProcessTable/isAlive(_:)``.
        public var pid: Int32?
        /// The process's start time when we recorded ``pid`` (`/proc/PID/stat` field 22, clock ticks since
        /// boot): a PID the kernel has since given to another process no longer matches, and is not ours.
        public var pidStartTime: UInt64?
        /// The file that holds the PID we recorded.
        public var pidFile: String
        /// The file its standard output and error go to.
        public var logFile: String
        /// The command line it is started with (empty for PostgreSQL, which Patroni starts).
        public var command: [String]
        /// Its whole environment (nothing else is inherited); never holds a secret.
        public var environment: [String: String]

        /// Describes a service.
        public init(kind: ServiceKind, user: String, pid: Int32?, pidFile: String, logFile: String, command: [String],
                    environment: [String: String] = [:]) {
            self.kind = kind
            self.user = user
            self.pid = pid
            self.pidFile = pidFile
            self.logFile = logFile
            self.command = command
            self.environment = environment
        }
    }

    /// Describes an inventory.
    public init(version: Int = 1, platform: String, scope: String, stateDirectory: String, credentialsFile: String,
                network: Network, profile: ClusterRequirements, nodes: [Node], createdAt: String) {
        self.version = version
        self.platform = platform
        self.scope = scope
        self.stateDirectory = stateDirectory
        self.credentialsFile = credentialsFile
        self.network = network
        self.profile = profile
        self.nodes = nodes
        self.createdAt = createdAt
    }

    /// The node with that name.
    public func node(_ name: String) -> Node? { nodes.first { $0.name == name } }

    /// The nodes of one kind, in order.
    public func nodes(_ kind: NodeKind) -> [Node] { nodes.filter { $0.kind == kind } }

    /// The inventory file of a state directory: `<stateDir>/inventory.json`.
    public static func path(stateDirectory: String) -> String { "\(stateDirectory)/inventory.json" }

    /// Reads an inventory file.
    public static func load(from path: String) throws(InventoryError) -> Inventory {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw InventoryError(path: path, reason: "no inventory there; bring the lab up with `chaos lab up`")
        }
        do {
            return try JSONDecoder().decode(Inventory.self, from: data)
        } catch {
            throw InventoryError(path: path, reason: "unreadable (\(error)); rebuild the lab with `chaos lab reset`")
        }
    }

    /// Writes the inventory atomically (readable by everyone: it holds no secret, only the credentials path).
    public func write(to path: String) throws(InventoryError) {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        do {
            try encoder.encode(self).write(to: URL(fileURLWithPath: path), options: .atomic)
        } catch {
            throw InventoryError(path: path, reason: "could not write it: \(error)")
        }
    }
}

/// What a node is.
public enum NodeKind: String, Codable, Sendable, CaseIterable {
    /// An etcd member (Patroni's DCS).
    case etcd
    /// A PostgreSQL server managed by Patroni.
    case postgres
    /// The PgPool-II proxy.
    case pgpool
}

/// A service process on a node.
public enum ServiceKind: String, Codable, Sendable, CaseIterable {
    /// The etcd server.
    case etcd
    /// The Patroni daemon (which starts and stops PostgreSQL itself).
    case patroni
    /// The PostgreSQL postmaster (started by Patroni; its PID comes from `postmaster.pid`).
    case postgres
    /// The Prometheus PostgreSQL exporter.
    case exporter
    /// The PgPool-II main process.
    case pgpool
}

/// The inventory file could not be read or written.
public struct InventoryError: Error, Sendable, CustomStringConvertible {
    /// The inventory file.
    public var path: String
    /// What went wrong and what to do.
    public var reason: String

    public var description: String { "inventory \(path): \(reason)" }
}
