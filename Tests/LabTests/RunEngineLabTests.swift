// `chaos run` for real: the primary-kill scenario on the lab, end to end, with its artifacts; and a run
// refuses to start while a fault from an earlier run is still journaled.

import ChaosKit
import Foundation
import Testing

extension LabSuite {
    @Suite(.serialized) struct RunEngineLabTests {
        let lab = LabSupport.controller()

        static let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent()

        func scenario(_ name: String) throws -> Scenario {
            let file = Self.repository.appendingPathComponent("scenarios/\(name).yaml").path
            let result = ScenarioLoader(capabilities: .detectLocalKernel()).load(fileAt: file)
            return try #require(result.scenario, "\(result.diagnostics)")
        }

        @Test func primaryKillRunsEndToEndAndLeavesItsEvidence() throws {
            let lock = LabTestLock()
            defer { withExtendedLifetime(lock) {} }
            try LabSupport.ensureHealthy(lab)
            let runs = NSTemporaryDirectory() + "chaos-runs-\(UUID().uuidString)"
            defer { try? FileManager.default.removeItem(atPath: runs) }
            let outcome = try RunEngine(platform: lab, runsDirectory: runs).run(try scenario("primary-kill"), seed: 7)
            let record = outcome.record
            // Every hypothesis of the scenario must hold. The one known flake is named rather than accepted
            // wholesale: PgPool-II failing a few writes again when the old primary rejoins (a failback blip), which
            // stretches rto.pgpool past its bound.
            let knownFlake = record.reason?.hasPrefix("hypothesis failed: rto.pgpool") == true
            #expect(record.verdict == .passed || (record.verdict == .failed && knownFlake), "\(record.verdict): \(record.reason ?? "")")
            let results = try #require(record.results)
            for path in WritePath.allCases {
                let availability = try #require(results.availability(of: path))
                let rto = try #require(availability.rtoNs)
                #expect(rto > 0, "\(path) never failed during a primary crash")
                #expect(rto < 30_000_000_000, "\(path) RTO \(rto) ns is beyond the fast profile's bound")
            }
            // The direct writer holds a session to every host: the promoted standby's session takes the next write, so the
            // RTO is known to about a tick (10 ms at 100 writes/s); 14-19 ms measured, 100 ms allows for a busy machine.
            let direct = try #require(results.availability(of: .direct)?.rtoResolutionNs)
            #expect(direct < 100_000_000, "direct RTO resolution \(direct) ns")
            // Asynchronous replication: a commit acknowledged in the last milliseconds before the SIGKILL landed may
            // not have reached the replica yet (measured: 0–1 per run, acknowledged 9 ms after the kill was sent; 3 in CI
            // with the 2 cores busy), the bound the scenario states. Anything acknowledged a second before the crash must
            // have survived it: that is the guarantee, the count only catches a gross loss.
            let lost = try #require(results.rpo?.lost)
            let kill = try #require(record.firstFaultNs)
            #expect(lost.count <= 5, "primary-kill lost \(lost.count) writes: \(lost.map(\.key.seq))")
            #expect(lost.allSatisfy { $0.endNs >= kill - 1_000_000_000 },
                    "a write acknowledged over 1 s before the crash was lost: \(lost.map { ($0.key.seq, $0.endNs - kill) })")
            #expect(results.singleWriter.holds)
            #expect(record.seed == 7)
            #expect(record.steps.first?.targets?.first?.hasSuffix("(primary)") == true)
            for file in ["scenario.yaml", "run.json", "ops.csv", "events.csv"] {
                #expect(FileManager.default.fileExists(atPath: outcome.directory + "/" + file), "missing \(file)")
            }
            #expect(try FaultJournal(stateDirectory: lab.layout.stateDirectory).unhealed().isEmpty)
        }

        @Test func zombiePrimaryLosesAcknowledgedWritesUnderAsyncAndTheyAreReallyAbsent() throws {
            let lock = LabTestLock()
            defer { withExtendedLifetime(lock) {} }
            try LabSupport.ensureHealthy(lab)
            let runs = NSTemporaryDirectory() + "chaos-runs-\(UUID().uuidString)"
            defer { try? FileManager.default.removeItem(atPath: runs) }
            let outcome = try RunEngine(platform: lab, runsDirectory: runs).run(try scenario("primary-dcs-partition"), seed: 3)
            let lost = try #require(outcome.record.results?.rpo?.lost)
            #expect(!lost.isEmpty, "async zombie primary lost nothing: \(outcome.record.reason ?? "")")
            // Independent check: ask the new primary ourselves, with psql, for every seq the checker calls lost.
            let credentials = try #require(lab.credentials())
            let leader = try #require(lab.status().leader)
            let node = try #require(lab.inventory()?.node(leader))
            for finding in lost.prefix(50) {
                let count = LabSupport.psql(
                    host: node.address, port: 5432, user: credentials.appUser, password: credentials.appPassword, database: credentials.appDatabase,
                    sql: "select count(*) from chaos_writes where run_id = '\(outcome.record.runID)' and path = '\(finding.key.path.rawValue)' and seq = \(finding.key.seq)")
                #expect(count == "0", "seq \(finding.key.seq) (\(finding.key.path.rawValue)) is called lost but psql finds \(count ?? "nothing")")
            }
            let acked = LabSupport.psql(
                host: node.address, port: 5432, user: credentials.appUser, password: credentials.appPassword, database: credentials.appDatabase,
                sql: "select count(*) from chaos_writes where run_id = '\(outcome.record.runID)'")
            #expect(Int(acked ?? "0") ?? 0 > 100, "the run's other writes must be there")
        }

        @Test func zombiePrimaryUnderSyncReplicationLosesAtMostTheCommitsInFlight() throws {
            let lock = LabTestLock()
            defer { withExtendedLifetime(lock) {} }
            try LabSupport.ensureHealthy(lab)
            let runs = NSTemporaryDirectory() + "chaos-runs-\(UUID().uuidString)"
            defer { try? FileManager.default.removeItem(atPath: runs) }
            defer { _ = try? lab.up(profile: .labDefault) }
            let outcome = try RunEngine(platform: lab, runsDirectory: runs).run(try scenario("primary-dcs-partition-sync"), seed: 3)
            #expect(outcome.record.profile.replication == .sync)
            // Synchronous replication stops the bulk loss of the async case. What it cannot stop: a commit still
            // waiting for the standby when its wait is cancelled (the demotion's shutdown, or statement_timeout
            // racing the client's deadline) is reported as committed by PostgreSQL — a handful at most (measured
            // 1–2), and never one acknowledged before the cut (a write begun a moment before the cut can still be
            // waiting for the standby when the cut lands, so the check is on the acknowledgement time).
            let lost = try #require(outcome.record.results?.rpo?.lost)
            let cut = try #require(outcome.record.firstFaultNs)
            #expect(lost.count <= 6, "sync lost \(lost.count) writes: \(lost.map(\.key.seq))")
            #expect(lost.allSatisfy { $0.endNs >= cut }, "a write acknowledged before the cut was lost under sync: \(lost.map { ($0.key.seq, $0.startNs - cut, $0.endNs - cut) })")
        }

        @Test func refusesToStartWhileAFaultIsJournaled() throws {
            let lock = LabTestLock()
            defer { withExtendedLifetime(lock) {} }
            _ = try lab.up(profile: .labDefault)
            let injector = try FaultInjector.forPlatform(lab, runID: "test")
            _ = try injector.recover()
            let invocation = try ScenarioLoader(capabilities: .detectLocalKernel())
                .faultInvocation(kind: "pause", parameters: [(key: "target", value: "etcd3")]).get()
            let fault = try injector.inject(invocation, seed: 1)
            defer { _ = injector.heal(fault) }
            let runs = NSTemporaryDirectory() + "chaos-runs-\(UUID().uuidString)"
            defer { try? FileManager.default.removeItem(atPath: runs) }
            do {
                _ = try RunEngine(platform: lab, runsDirectory: runs).run(try scenario("primary-kill"))
                Issue.record("the run started although fault \(fault.id) was in effect")
            } catch let error as RunError {
                #expect(error.message.contains("still in effect") && error.message.contains(fault.id), "\(error)")
                #expect(error.hint.contains("chaos recover"))
            }
            // Refused before anything was touched: no run folder, and only our fault in the journal.
            #expect(((try? FileManager.default.contentsOfDirectory(atPath: runs)) ?? []).isEmpty)
            #expect(try injector.journal.unhealed().map(\.record.id) == [fault.id])
        }

        @Test func checkpointRunsOnTheNodeItsTargetNames() throws {
            let lock = LabTestLock()
            defer { withExtendedLifetime(lock) {} }
            try LabSupport.ensureHealthy(lab)
            let text = """
                title: checkpoint a replica
                workload: {warmup: 1s, cooldown: 0s, rate: 20}
                method:
                  - name: restartpoint
                    action: checkpoint
                    target: replica
                  - name: on-primary
                    action: checkpoint
                """
            let file = NSTemporaryDirectory() + "chaos-checkpoint-\(UUID().uuidString).yaml"
            try text.write(toFile: file, atomically: true, encoding: .utf8)
            defer { try? FileManager.default.removeItem(atPath: file) }
            let scenario = try #require(ScenarioLoader(capabilities: .detectLocalKernel()).load(fileAt: file).scenario)
            let runs = NSTemporaryDirectory() + "chaos-runs-\(UUID().uuidString)"
            defer { try? FileManager.default.removeItem(atPath: runs) }
            let leader = try #require(lab.status().leader)
            let outcome = try RunEngine(platform: lab, runsDirectory: runs).run(scenario, seed: 4)
            let replicaStep = try #require(outcome.record.steps.first { $0.name == "restartpoint" })
            #expect(replicaStep.outcome == "ok", "\(replicaStep.detail ?? "")")
            let named = replicaStep.detail ?? ""
            #expect(named.hasPrefix("on pg") && !named.contains(leader), "a replica's checkpoint ran on \(named); the primary is \(leader)")
            let primaryStep = try #require(outcome.record.steps.first { $0.name == "on-primary" })
            #expect(primaryStep.detail == "on \(leader) (primary)")
        }
    }
}
