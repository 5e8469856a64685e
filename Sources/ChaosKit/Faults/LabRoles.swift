// Reads the lab's roles at fire time: Patroni's /cluster and each etcd member's status.

import Foundation

extension ClusterRoles {
    /// The roles in the lab right now (reading Patroni and every etcd member in parallel, in process).
    static func current(inventory: Inventory, credentials: ClusterCredentials?) -> ClusterRoles {
        let reader = ClusterReader(inventory: inventory, credentials: credentials)
        let etcdNodes = inventory.nodes(.etcd)
        let members = Locked([PatroniClusterMember]())
        let etcd = Locked([String: EtcdRole]())
        DispatchQueue.concurrentPerform(iterations: etcdNodes.count + 1) { index in
            if index == etcdNodes.count {
                let found = reader.patroniMembers() ?? []
                members.withLock { $0 = found }
            } else {
                let role = reader.etcdRole(etcdNodes[index])
                etcd.withLock { $0[etcdNodes[index].name] = role }
            }
        }
        let all = members.snapshot
        let roles = etcd.snapshot
        let leaders = all.filter { $0.role == "leader" }.map(\.name)
        return ClusterRoles(
            leader: leaders.count == 1 ? leaders[0] : nil,
            replicas: all.filter { $0.role == "replica" || $0.role == "sync_standby" }.map(\.name).sorted(),
            syncStandbys: all.filter { $0.role == "sync_standby" }.map(\.name).sorted(),
            etcdLeader: roles.first { $0.value == .leader }?.key,
            etcdFollowers: roles.filter { $0.value == .follower }.map(\.key).sorted(),
            etcd: etcdNodes.map(\.name), postgres: inventory.nodes(.postgres).map(\.name), pgpool: inventory.nodes(.pgpool).map(\.name))
    }
}
