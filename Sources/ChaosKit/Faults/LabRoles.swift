// Reads the lab's roles at fire time: Patroni's /cluster and each etcd member's status.

import Foundation

extension ClusterRoles {
    /// The roles in the lab right now (probing Patroni and etcd in parallel).
    static func current(inventory: Inventory, credentials: ClusterCredentials?, runner: CommandRunner) -> ClusterRoles {
        let probe = LabProbe(inventory: inventory, credentials: credentials, runner: runner)
        let etcdNodes = inventory.nodes(.etcd)
        let box = RoleBox()
        DispatchQueue.concurrentPerform(iterations: etcdNodes.count + 1) { index in
            if index == etcdNodes.count {
                box.setMembers(probe.patroniMembers() ?? [])
            } else {
                box.setEtcd(etcdNodes[index].name, probe.etcdRole(etcdNodes[index]))
            }
        }
        let members = box.members
        let leaders = members.filter { $0.role == "leader" }.map(\.name)
        let etcd = box.etcd
        return ClusterRoles(
            leader: leaders.count == 1 ? leaders[0] : nil,
            replicas: members.filter { $0.role == "replica" || $0.role == "sync_standby" }.map(\.name).sorted(),
            syncStandbys: members.filter { $0.role == "sync_standby" }.map(\.name).sorted(),
            etcdLeader: etcd.first { $0.value == "leader" }?.key,
            etcdFollowers: etcd.filter { $0.value == "follower" }.map(\.key).sorted(),
            etcd: etcdNodes.map(\.name), postgres: inventory.nodes(.postgres).map(\.name), pgpool: inventory.nodes(.pgpool).map(\.name))
    }
}

private final class RoleBox: @unchecked Sendable {
    private let lock = NSLock()
    private var storedMembers: [LabProbe.Member] = []
    private var storedEtcd: [String: String] = [:]

    var members: [LabProbe.Member] { lock.withLock { storedMembers } }
    var etcd: [String: String] { lock.withLock { storedEtcd } }
    func setMembers(_ value: [LabProbe.Member]) { lock.withLock { storedMembers = value } }
    func setEtcd(_ name: String, _ role: String?) { lock.withLock { if let role { storedEtcd[name] = role } } }
}
