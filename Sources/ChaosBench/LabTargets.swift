// Endpoints of the local lab for the bench, from its inventory and credentials (never printed).

import ChaosKit
import Foundation

/// The lab's writer endpoints and observer targets, read through the project's inventory API.
struct LabTargets {
    let inventory: Inventory
    let credentials: ClusterCredentials

    init(inventoryPath: String) {
        do {
            inventory = try Inventory.load(from: inventoryPath)
            credentials = try ClusterCredentials.load(from: inventory.credentialsFile)
        } catch {
            fail("cannot read the lab: \(error)")
        }
    }

    func endpoint(for path: WritePath) -> WriterEndpoint {
        let kind: NodeKind = path == .direct ? .postgres : .pgpool
        let port = path == .direct ? 5432 : 9999
        let hosts = inventory.nodes(kind).map { HostPort(host: $0.address, port: $0.ports[kind.rawValue] ?? port) }
        return WriterEndpoint(hosts: hosts, user: credentials.appUser, password: credentials.appPassword, database: credentials.appDatabase)
    }

    var observerTargets: ObserverTargets {
        let patroni = Dictionary(uniqueKeysWithValues: inventory.nodes(.postgres).map {
            ($0.name, "http://\($0.address):\($0.ports["patroni-api"] ?? 8008)")
        })
        let etcd = inventory.nodes(.etcd).map { "http://\($0.address):\($0.ports["etcd-client"] ?? 2379)" }
        let pgpool = inventory.nodes(.pgpool).first.map {
            PostgresDSN.single(
                host: HostPort(host: $0.address, port: $0.ports["pgpool"] ?? 9999), user: credentials.superuser,
                password: credentials.superuserPassword, database: "postgres", applicationName: "chaos-bench-observer")
        }
        return ObserverTargets(patroni: patroni, etcd: etcd, patroniScope: inventory.scope, patroniNamespace: "/chaos", pgpoolDSN: pgpool)
    }

    /// libpq environment for another client (pgbench, psql) reaching the same path: PGHOST/PGPORT lists,
    /// PGTARGETSESSIONATTRS for direct, and the password in PGPASSWORD rather than on a command line.
    func libpqEnvironment(for path: WritePath) -> [String: String] {
        let endpoint = endpoint(for: path)
        var environment = [
            "PGHOST": endpoint.hosts.map(\.host).joined(separator: ","),
            "PGPORT": endpoint.hosts.map { String($0.port) }.joined(separator: ","),
            "PGUSER": endpoint.user, "PGDATABASE": endpoint.database, "PGCONNECT_TIMEOUT": "2",
        ]
        if let password = endpoint.password { environment["PGPASSWORD"] = password }
        if path == .direct { environment["PGTARGETSESSIONATTRS"] = "read-write" }
        return environment
    }
}
