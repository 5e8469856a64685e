// Builds the Inventory of a Compose stack: one node per chaos container (etcd, then PostgreSQL, then PgPool-II),
// each service with the host PID it has now. Services carry no PID file (the PID comes from Docker each time).

import Foundation

/// Turns containers into an ``Inventory``.
enum DockerInventory {
    static func build(project: String, containers: [DockerContainer], settings: DockerEnvironmentFile, layout: LabLayout) throws(LabError) -> Inventory {
        let order = ["etcd": 0, "postgres": 1, "pgpool": 2]
        let sorted = containers.filter { order[$0.role] != nil }.sorted { (order[$0.role]!, $0.node) < (order[$1.role]!, $1.node) }
        guard sorted.contains(where: { $0.role == "postgres" }) else {
            throw LabError("Compose project '\(project)' has no PostgreSQL container labelled io.chaos.role=postgres")
        }
        let nodes = sorted.map(node)
        let any = sorted.first { !$0.address.isEmpty }
        let network = Inventory.Network(
            bridge: "docker:\(project)", subnet: any.map { subnet(address: $0.address, prefixLength: $0.prefixLength) } ?? "",
            hostAddress: any?.gateway ?? "")
        return Inventory(
            platform: "docker", scope: settings.values["SCOPE"] ?? "chaos", stateDirectory: layout.stateDirectory,
            credentialsFile: layout.credentialsFile, network: network, profile: try settings.profile(), nodes: nodes,
            createdAt: ISO8601DateFormatter().string(from: Date()))
    }

    private static func node(_ container: DockerContainer) -> Inventory.Node {
        let pid: Int32? = container.running && container.pid > 0 ? container.pid : nil
        let start = ["docker", "start", container.name]
        let kind: NodeKind
        let services: [Inventory.Service]
        let ports: [String: Int]
        switch container.role {
        case "etcd":
            kind = .etcd
            ports = ["etcd-client": LabPorts.etcdClient, "etcd-peer": LabPorts.etcdPeer]
            services = [service(.etcd, user: "root", pid: pid, command: start)]
        case "pgpool":
            kind = .pgpool
            ports = ["pgpool": LabPorts.pgpool, "pcp": LabPorts.pcp]
            services = [service(.pgpool, user: "postgres", pid: pid, command: start)]
        default:
            kind = .postgres
            ports = ["postgres": LabPorts.postgres, "patroni-api": LabPorts.patroniAPI]
            services = [
                service(.patroni, user: "postgres", pid: pid, command: start),
                service(.postgres, user: "postgres", pid: pid.flatMap(postmaster(under:)), command: []),
            ]
        }
        return Inventory.Node(
            name: container.node, kind: kind, namespace: container.name, address: container.address, hostInterface: "",
            ports: ports, directory: "", services: services)
    }

    private static func service(_ kind: ServiceKind, user: String, pid: Int32?, command: [String]) -> Inventory.Service {
        Inventory.Service(kind: kind, user: user, pid: pid, pidFile: "", logFile: "", command: command)
    }

    /// The postmaster: Patroni's child whose command is PostgreSQL's server.
    static func postmaster(under patroni: Int32) -> Int32? {
        ProcessTable.allPIDs().first { pid in
            ProcessTable.parent(of: pid) == patroni && (ProcessTable.commandLine(of: pid).first?.hasSuffix("postgres") ?? false)
        }
    }

    static func subnet(address: String, prefixLength: Int) -> String {
        let octets = address.split(separator: ".").compactMap { UInt32($0) }
        guard octets.count == 4, (0...32).contains(prefixLength) else { return "" }
        let value = octets.reduce(0) { $0 << 8 | $1 }
        let mask: UInt32 = prefixLength == 0 ? 0 : ~UInt32(0) << (32 - UInt32(prefixLength))
        let network = value & mask
        return "\(network >> 24).\(network >> 16 & 255).\(network >> 8 & 255).\(network & 255)/\(prefixLength)"
    }
}
