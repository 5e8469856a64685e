// The readers against the real lab: reads through PgPool-II and the replica path are served by standbys (seen on
// the standbys themselves, in pg_stat_activity), and a planted stale read — every standby's WAL receiver stopped
// while the writer goes on — is detected and counted, by how many writes and for how long.

import ChaosKit
import Foundation
import Testing

extension LabSuite {
    @Suite(.serialized) struct ReadPathLabTests {
        let lab = LabSupport.controller()

        @Test(.timeLimit(.minutes(5))) func readsGoToStandbysAndAPausedReplayIsCountedStale() throws {
            let lock = LabTestLock()
            defer { withExtendedLifetime(lock) {} }
            try LabSupport.ensureHealthy(lab)
            let inventory = try #require(lab.inventory())
            let credentials = try #require(lab.credentials())
            let leader = try #require(lab.status().leader)
            let endpoints = RunEndpoints(inventory: inventory, credentials: credentials)
            let standbys = inventory.nodes(.postgres).filter { $0.name != leader }
            #expect(standbys.count == 2)
            func superuserSQL(_ sql: String, on node: Inventory.Node) -> String? {
                LabSupport.psql(
                    host: node.address, port: node.ports["postgres"] ?? 5432, user: credentials.superuser,
                    password: credentials.superuserPassword, database: "postgres", sql: sql)
            }

            let runId = "reads-\(UUID().uuidString.prefix(8))"
            let settings = ConnectionSettings()
            let session = MeasurementSession(
                runId: runId,
                writers: [WriterConfiguration(path: .direct, endpoint: endpoints.endpoint(for: .direct), runId: runId, rate: 50, settings: settings)],
                readers: ReadPath.allCases.map {
                    ReaderConfiguration(
                        path: $0, dsn: $0.dsn(direct: endpoints.endpoint(for: .direct), pgpool: endpoints.endpoint(for: .pgpool), settings: settings),
                        runId: runId, sourcePath: .direct, rate: 20)
                },
                observerTargets: nil)
            try session.start()
            var stopped = false
            defer { if !stopped { session.stop() } }
            Thread.sleep(forTimeInterval: 3)

            // On the standbys: each reader's session ran the read there (the last query of a session is shown).
            let servedBy = standbys.compactMap {
                superuserSQL("SELECT string_agg(application_name, ',') FROM pg_stat_activity WHERE application_name LIKE 'chaos-read-%' AND query LIKE '%max(seq)%'", on: $0)
            }.joined(separator: ",")
            #expect(servedBy.contains("chaos-read-pgpool") && servedBy.contains("chaos-read-replica"), "readers seen on the standbys: '\(servedBy)'")

            // Plant staleness: each standby's WAL receiver stopped (SIGSTOP, by its PID from pg_stat_wal_receiver) for 3 s
            // while the writer goes on. (pg_wal_replay_pause() does not hold: Patroni resumes replay within a loop_wait.)
            let receivers = standbys.compactMap { superuserSQL("SELECT pid FROM pg_stat_wal_receiver", on: $0).flatMap { pid_t($0) } }
            #expect(receivers.count == 2, "WAL receivers: \(receivers)")
            defer { for pid in receivers { kill(pid, SIGCONT) } }
            let pauseStart = session.clock.now()
            for pid in receivers { #expect(kill(pid, SIGSTOP) == 0, "SIGSTOP \(pid)") }
            Thread.sleep(forTimeInterval: 3)
            for pid in receivers { kill(pid, SIGCONT) }
            Thread.sleep(forTimeInterval: 2)
            session.stop()
            stopped = true

            let history = session.history(readBackDSN: String?.none).history
            let reads = try #require(MeasurementResults.evaluate(history).reads)
            for path in ReadPath.allCases {
                let result = try #require(reads.path(path), "no reads on \(path)")
                #expect(result.failed == 0, "\(path): \(result.failed) failed reads")
                #expect(result.ok > 80 && result.fromStandby == result.ok, "\(path): \(result.fromStandby) of \(result.ok) reads from a standby, nodes \(result.nodes)")
                // Paused for 3 s at 50 writes/s: reads near the end of the pause are over 2 s and 100 writes behind.
                #expect(result.stale > 20, "\(path): \(result.stale) stale reads")
                #expect(result.staleMaxNs > 2_000_000_000 && result.writesBehindMax > 100, "\(path): stalest \(result.staleMaxNs) ns, \(result.writesBehindMax) writes behind")
            }
            // Reads more than 100 ms stale began inside the stop, or just after it while the receivers caught up; outside
            // it a standby is at most a few writes behind (asynchronous replication).
            let longStale = reads.examples.filter { $0.stalenessNs > 100_000_000 }
            #expect(!longStale.isEmpty)
            #expect(longStale.allSatisfy { $0.startNs >= pauseStart && $0.startNs < pauseStart + 4_000_000_000 }, "\(longStale)")
            #expect(reads.monotonicViolations == 0)
        }
    }
}
