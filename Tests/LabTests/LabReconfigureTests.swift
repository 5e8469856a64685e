// `up` with another profile on a running lab reconfigures it in place: Patroni's dynamic configuration,
// a synchronous standby in sync mode, PgPool-II's search timeout, and the inventory's profile.

import ChaosKit
import Foundation
import Testing

extension LabSuite {
    @Suite struct LabReconfigureTests {
        let lab = LabSupport.controller()

        @Test func upWithAnotherProfileReconfiguresInPlace() throws {
            let testLock = LabTestLock()
            defer { withExtendedLifetime(testLock) {} }
            _ = try lab.up(profile: .labDefault)
            defer { _ = try? lab.down() }
            let before = try #require(lab.inventory())

            let wanted = ClusterRequirements(profile: .seed, replication: .sync, failsafe: true)
            let result = try lab.up(profile: wanted)
            #expect(result.outcome == .reconfigured)
            #expect(result.status.healthy, "problems: \(result.status.problems)")
            #expect(result.status.nodes.contains { $0.role == "sync_standby" })

            let after = try #require(lab.inventory())
            #expect(after.profile == wanted)
            #expect(after.createdAt == before.createdAt, "the lab was rebuilt instead of reconfigured")
            let leaderName = try #require(result.status.leader)
            let leader = try #require(after.node(leaderName))
            let config = LabSupport.runner.run(["curl", "-sf", "--max-time", "3", "http://\(leader.address):8008/config"])
            let json = try #require(try JSONSerialization.jsonObject(with: Data(config.standardOutput.utf8)) as? [String: Any])
            #expect(json["ttl"] as? Int == 20)
            #expect(json["loop_wait"] as? Int == 5)
            #expect(json["retry_timeout"] as? Int == 5)
            #expect(json["synchronous_mode"] as? Bool == true)
            #expect(json["failsafe_mode"] as? Bool == true)
            let pgpoolConf = try String(contentsOfFile: "\(lab.layout.configDirectory("pgpool"))/pgpool.conf", encoding: .utf8)
            #expect(pgpoolConf.contains("search_primary_node_timeout = 60"))

            #expect(try lab.up(profile: wanted).outcome == .alreadyHealthy)
        }
    }
}
