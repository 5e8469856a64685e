// One container as `docker inspect` describes it: the labels chaos reads, its state and host PID, its address.

import Foundation

/// A chaos container of the Compose stack.
struct DockerContainer: Sendable, Equatable {
    /// The container's name (`chaos-pg1-1`).
    var name: String
    /// The chaos node it is (`pg1`), from the `io.chaos.node` label.
    var node: String
    /// `etcd`, `postgres` or `pgpool`, from the `io.chaos.role` label.
    var role: String
    /// Whether it runs (a paused container runs).
    var running: Bool
    /// Whether it is frozen by `docker pause`.
    var paused: Bool
    /// The host PID of its main process (0 when not running).
    var pid: Int32
    /// Its address on the stack's network, its prefix length and the network's gateway (the host side).
    var address: String
    var prefixLength: Int
    var gateway: String

    /// Parses `docker inspect` output (a JSON array).
    static func parse(inspect json: String) throws(LabError) -> [DockerContainer] {
        guard let array = try? JSONSerialization.jsonObject(with: Data(json.utf8)) as? [[String: Any]] else {
            throw LabError("docker inspect printed something that is not a JSON array")
        }
        return array.compactMap { object in
            let config = object["Config"] as? [String: Any]
            let labels = config?["Labels"] as? [String: String] ?? [:]
            guard let node = labels["io.chaos.node"], let role = labels["io.chaos.role"] else { return nil }
            let state = object["State"] as? [String: Any] ?? [:]
            let networks = (object["NetworkSettings"] as? [String: Any])?["Networks"] as? [String: Any] ?? [:]
            let network = networks.values.compactMap { $0 as? [String: Any] }.first { !($0["IPAddress"] as? String ?? "").isEmpty }
            let name = (object["Name"] as? String ?? node).trimmingCharacters(in: CharacterSet(charactersIn: "/"))
            return DockerContainer(
                name: name, node: node, role: role, running: state["Running"] as? Bool ?? false, paused: state["Paused"] as? Bool ?? false,
                pid: Int32(state["Pid"] as? Int ?? 0), address: network?["IPAddress"] as? String ?? "",
                prefixLength: network?["IPPrefixLen"] as? Int ?? 24, gateway: network?["Gateway"] as? String ?? "")
        }
    }
}
