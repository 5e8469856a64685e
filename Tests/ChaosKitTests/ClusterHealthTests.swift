// Health is a pure function of a cluster snapshot and the process states: each rule on made-up snapshots.

import Foundation
import Testing
@testable import ChaosKit

@Suite struct ClusterHealthTests {
    let inventory = FaultPlanningTests.inventory()

    static func members(_ json: String) -> [PatroniClusterMember] {
        (try? JSONDecoder().decode([PatroniClusterMember].self, from: Data(json.utf8))) ?? []
    }

    static let threeRunning = members("""
        [{"name":"pg1","role":"leader","state":"running","timeline":2},
         {"name":"pg2","role":"replica","state":"running","timeline":2,"lag":0},
         {"name":"pg3","role":"replica","state":"running","timeline":2,"lag":"unknown"}]
        """)

    static func pool(primary: String = "10.203.0.21", down: String? = nil) -> [PgPoolNode] {
        ["10.203.0.21", "10.203.0.22", "10.203.0.23"].enumerated().map { index, host in
            PgPoolNode(nodeID: index, hostname: host, port: 5432, status: host == down ? "down" : "up",
                       role: host == primary ? "primary" : "standby", lastStatusChange: nil)
        }
    }

    static let healthy = ClusterSnapshot(
        members: threeRunning, etcdRoles: ["etcd1": .follower, "etcd2": .leader, "etcd3": .follower],
        leaderReplication: LeaderReplication(inRecovery: false, streaming: ["pg2", "pg3"]), pool: pool())

    func running() -> [String: [String: LabProcessState]] {
        Dictionary(uniqueKeysWithValues: inventory.nodes.map { node in
            (node.name, Dictionary(uniqueKeysWithValues: node.services.map { ($0.kind.rawValue, LabProcessState(pid: 100, state: "running")) }))
        })
    }

    func problems(_ snapshot: ClusterSnapshot, processes: [String: [String: LabProcessState]]? = nil) -> [String] {
        ClusterHealth.judge(snapshot, inventory: inventory, processes: processes ?? running()).problems
    }

    @Test func aHealthyClusterHasNoProblem() {
        let status = ClusterHealth.judge(Self.healthy, inventory: inventory, processes: running())
        #expect(status.healthy && status.problems.isEmpty, "\(status.problems)")
        #expect(status.leader == "pg1")
        #expect(status.nodes.first { $0.name == "pg2" }?.state == "streaming")
        #expect(status.nodes.first { $0.name == "pg3" }?.pgpool == "up/standby")
    }

    @Test func etcdQuorumAndLeader() {
        var snapshot = Self.healthy
        snapshot.etcdRoles = ["etcd1": .unreachable, "etcd2": .leader, "etcd3": .unreachable]
        #expect(problems(snapshot).contains("etcd has no quorum (1 of 3 members answer)"))
        snapshot.etcdRoles = ["etcd1": .follower, "etcd2": .unreachable, "etcd3": .follower]
        let found = problems(snapshot)
        #expect(found.contains("etcd has no leader") && found.contains("etcd member etcd2 does not answer"), "\(found)")
    }

    @Test func patroniLeaderAndReplication() {
        var snapshot = Self.healthy
        snapshot.members = nil
        #expect(problems(snapshot).contains("no Patroni member answers GET /cluster"))
        snapshot = Self.healthy
        snapshot.leaderReplication = LeaderReplication(inRecovery: true, streaming: ["pg2"])
        let found = problems(snapshot)
        #expect(found.contains("leader pg1 is still in recovery"))
        #expect(found.contains("replica pg3 is not streaming from leader pg1 (pg_stat_replication)"), "\(found)")
        snapshot.leaderReplication = nil
        #expect(problems(snapshot).contains("leader pg1 does not answer SQL"))
        snapshot = Self.healthy
        snapshot.members = Self.members("""
            [{"name":"pg1","role":"leader","state":"running"},{"name":"pg2","role":"leader","state":"running"},
             {"name":"pg3","role":"replica","state":"stopped"}]
            """)
        let split = problems(snapshot)
        #expect(split.contains("expected exactly one Patroni leader, found 2") && split.contains("Patroni member pg3 is stopped"), "\(split)")
    }

    @Test func pgpoolMustAgreeWithPatroni() {
        var snapshot = Self.healthy
        snapshot.pool = Self.pool(primary: "10.203.0.22", down: "10.203.0.23")
        let found = problems(snapshot)
        #expect(found.contains("PgPool-II sees pg1 as standby, Patroni as leader"))
        #expect(found.contains("PgPool-II sees pg2 as primary, Patroni as replica"))
        #expect(found.contains("PgPool-II has backend pg3 down"), "\(found)")
        snapshot.pool = nil
        #expect(problems(snapshot).contains("PgPool-II does not answer SHOW POOL_NODES"))
    }

    @Test func pausedProcessesAreProblems() {
        var processes = running()
        processes["etcd1"]?["etcd"] = LabProcessState(pid: 100, state: "paused")
        processes["pg2"]?["postgres"] = LabProcessState(pid: 101, state: "paused")
        let status = ClusterHealth.judge(Self.healthy, inventory: inventory, processes: processes)
        #expect(status.problems.contains("etcd on etcd1 is paused") && status.problems.contains("postgres on pg2 is paused"), "\(status.problems)")
        #expect(status.nodes.first { $0.name == "pg2" }?.state == "paused")
    }

    @Test func syncModeWantsASyncStandby() {
        var paused = inventory
        paused.profile.replication = .sync
        let status = ClusterHealth.judge(Self.healthy, inventory: paused, processes: running())
        #expect(status.problems.contains("synchronous_mode is asked for but no member is sync_standby yet"))
    }
}
