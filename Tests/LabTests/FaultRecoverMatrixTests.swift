// Every healable fault kind, injected by hand (`chaos fault inject`, as on a game day) and left in effect while
// clients keep connecting, then `chaos recover`: the cluster must be healthy again within 60 s with no
// intervention — in particular no restart of a wedged PgPool-II (a replica's PostgreSQL stopped under
// PgPool-II's main node used to leave it refusing every new client until restarted).

import ChaosKit
import Foundation
import Testing

extension LabSuite {
    @Suite(.serialized) struct FaultRecoverMatrixTests {
        let lab = LabSupport.controller()

        /// Every healable kind, and first the case that wedged PgPool-II: a stop of pg1's PostgreSQL while pg1 is a
        /// replica (backend 0, PgPool-II's main node).
        static let healable: [[String]] = [["stop", "--target", "pg1", "--set", "service=postgres"]] + LabSupport.healableFaults

        @Test(arguments: healable)
        func recoverLeavesAHealthyClusterWithoutIntervention(_ fault: [String]) throws {
            let lock = LabTestLock()
            defer { withExtendedLifetime(lock) {} }
            try LabSupport.ensureHealthy(lab)
            if fault.contains("pg1"), lab.status().leader == "pg1" {
                // The case that wedged PgPool-II: pg1 is backend 0, its main node while it is a replica.
                _ = try FaultInjector.forPlatform(lab, runID: "test").inject(
                    try ScenarioLoader(capabilities: .everything).faultInvocation(kind: "switchover", parameters: [("to", "pg2")]).get(), seed: 1)
                _ = try lab.waitUntilHealthy(timeout: .seconds(90))
            }
            #expect(!fault.contains("pg1") || lab.status().leader != "pg1")
            let inject = LabSupport.runner.run([LabSupport.chaosBinary, "fault", "inject"] + fault, environment: LabSupport.environment, timeout: .seconds(60))
            #expect(inject.succeeded, "inject failed: \(inject.standardOutput) \(inject.standardError)")
            // Clients keep arriving while the fault is in effect: every status probe opens new connections through
            // PgPool-II, as a workload would. About 2 s: shorter than PgPool-II's health-check window (≈7 s), since a
            // primary frozen longer than that but shorter than Patroni's TTL is a known PgPool-II limitation (it
            // searches for a new primary for search_primary_node_timeout; see docs/lab.md), not this test's subject.
            for _ in 0..<4 {
                _ = lab.status()
                usleep(500_000)
            }
            let recover = LabSupport.runner.run(
                [LabSupport.chaosBinary, "recover", "--health-timeout", "60"], environment: LabSupport.environment, timeout: .seconds(150))
            #expect(recover.succeeded, "chaos recover failed: \(recover.standardOutput) \(recover.standardError)")
            #expect(recover.standardOutput.contains("cluster healthy"), "\(recover.standardOutput)")
            #expect(!recover.standardOutput.contains("intervention"), "the cluster needed a hand: \(recover.standardOutput)")
            try LabSupport.expectNoFaultLeft(lab)
        }
    }
}
