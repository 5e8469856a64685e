// PgPool-II follows Patroni: after the leader is killed and comes back, and after a switchover it did not
// see (the on_role_change callback moves PgPool-II's primary), the lab is healthy again and writes through
// PgPool-II land on the new leader.

import ChaosKit
import Foundation
import Testing

extension LabSuite {
    @Suite struct LabFailoverTests {
        let lab = LabSupport.controller()

        @Test func pgpoolFollowsFailoverRejoinAndSwitchover() throws {
            let testLock = LabTestLock()
            defer { withExtendedLifetime(testLock) {} }
            _ = try lab.up(profile: .labDefault)
            defer { _ = try? lab.down() }
            let control = lab.control
            let credentials = try #require(lab.credentials())

            // Crash the leader (Patroni and PostgreSQL), wait for another leader, bring the old one back.
            let oldLeader = try #require(lab.status().leader)
            let postmaster = try control.pid(of: .postgres, on: oldLeader)
            try control.kill(.patroni, on: oldLeader, signal: SIGKILL)
            if let postmaster { ProcessTable.send(SIGKILL, to: postmaster) }
            var newLeader: String?
            for _ in 0..<300 {
                if let leader = lab.status().leader, leader != oldLeader { newLeader = leader; break }
                usleep(100_000)
            }
            #expect(newLeader != nil, "no new leader within 30 s of killing \(oldLeader)")
            try control.start(.patroni, on: oldLeader)
            let rejoined = try lab.waitUntilHealthy(timeout: .seconds(90))
            #expect(rejoined.nodes.first { $0.name == oldLeader }?.state == "streaming")

            // Switch back to the old leader: PgPool-II must follow without a failover of its own.
            let leader = try #require(rejoined.leader)
            let leaderNode = try #require(lab.inventory()?.node(leader))
            let body = #"{"leader":"\#(leader)","candidate":"\#(oldLeader)"}"#
            let switchover = LabSupport.runner.run(
                ["curl", "-sf", "--max-time", "30", "-K", "-", "-X", "POST", "-d", body, "http://\(leaderNode.address):8008/switchover"],
                input: "user = \"\(credentials.restAPIUser):\(credentials.restAPIPassword)\"\n", timeout: .seconds(35))
            #expect(switchover.succeeded, "switchover failed: \(switchover.standardError)")
            let switched = try lab.waitUntilHealthy(timeout: .seconds(60))
            #expect(switched.leader == oldLeader)

            let pgpool = try #require(lab.inventory()?.node("pgpool"))
            let served = LabSupport.psql(
                host: pgpool.address, port: 9999, user: credentials.appUser, password: credentials.appPassword,
                database: credentials.appDatabase,
                sql: "create table if not exists failover_test(id int); insert into failover_test values (1); select inet_server_addr()")
            let oldLeaderAddress = try #require(lab.inventory()?.node(oldLeader)?.address)
            #expect(served?.hasPrefix(oldLeaderAddress) == true, "PgPool-II wrote to \(served ?? "nothing"), not \(oldLeaderAddress)")
        }
    }
}
