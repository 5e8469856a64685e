// What the lab's extra nodes (the baseline, monitoring) share: their private directories, and leaving the bridge
// with nothing behind — namespace, veth, the host's neighbour entry, their files.

import Foundation

extension LabController {
    /// Creates `directories` (0700), or says which could not be.
    func createPrivateDirectories(_ directories: [String]) throws(LabError) {
        for directory in directories {
            do {
                try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
                try FileManager.default.setAttributes([.posixPermissions: 0o700], ofItemAtPath: directory)
            } catch { throw LabError("could not create \(directory): \(error)", hint: "check the state directory") }
        }
    }

    /// Drops the host's neighbour entry for a node: one started again gets its old address with a new veth, and
    /// connections time out until the host learns the new MAC.
    func forgetNeighbour(_ node: LabNodeSpec) {
        _ = runner.run(["ip", "neigh", "flush", "to", node.address, "dev", topology.bridge], timeout: .seconds(5))
    }

    /// Removes an extra node's namespace, veth, neighbour entry and files (its processes must be gone).
    func removeExtraNode(_ node: LabNodeSpec) {
        LabNetwork(topology: topology, runner: runner).leave(node)
        forgetNeighbour(node)
        try? FileManager.default.removeItem(atPath: layout.nodeDirectory(node.name))
    }
}
