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

    /// The engine's own endpoints for the same lab.
    var endpoints: RunEndpoints { RunEndpoints(inventory: inventory, credentials: credentials) }

    func endpoint(for path: WritePath) -> WriterEndpoint { endpoints.endpoint(for: path) }

    var observerTargets: ObserverTargets { endpoints.observerTargets }

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
