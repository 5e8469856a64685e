// The disk faults on the real lab: each PostgreSQL node's data is on a filesystem of its own. disk_full: filling a
// replica's leaves the primary writing, filling the primary's makes writes fail with "could not extend file"
// (SQLSTATE 53100) and no failover; healing frees the filesystem (the filler gone) and the cluster is healthy again.
// fs_freeze: the primary's writes block (a client's deadline ends them) while reads are answered; thawed, writes
// go on.

import ChaosKit
import Foundation
import Testing

extension LabSuite {
    @Suite(.serialized) struct DiskFullLabTests {
        let lab = LabSupport.controller()

        /// A connection opened before the fault: a backend starting on a full or frozen disk may have to write its
        /// relation-cache file first (and fail or block), which is not what these tests look at.
        private func open(_ dsn: String, table: String) throws -> PostgresConnection {
            let connection = try PostgresConnection.connect(dsn: dsn)
            try connection.execute("CREATE TABLE IF NOT EXISTS \(table) (payload text)", timeoutNs: 5_000_000_000)
            return connection
        }

        /// A write on a new connection: the open's error, or the write's.
        private func freshWrite(_ dsn: String, table: String) -> PostgresError? {
            do { return write(try open(dsn, table: table), table: table) } catch let error as PostgresError { return error } catch {
                return .connection(message: "\(error)")
            }
        }

        /// `first`, then — while it failed — a write on a new connection every 0.5 s, 10 times at most; the last error.
        private func writesResume(_ dsn: String, table: String, first: PostgresError?) -> PostgresError? {
            var resumed = first
            for _ in 0..<10 where resumed != nil {
                usleep(500_000)
                resumed = freshWrite(dsn, table: table)
            }
            return resumed
        }

        private func write(_ connection: PostgresConnection, table: String) -> PostgresError? {
            do throws(PostgresError) {
                // 64 kB a row: each insert extends the table.
                try connection.execute("INSERT INTO \(table) SELECT repeat(md5(random()::text), 2048)", timeoutNs: 5_000_000_000)
                return nil
            } catch {
                return error
            }
        }

        /// The lab healthy with its data filesystems, an injector on it, and the direct path's connection string.
        private func ready() throws -> (FaultInjector, String) {
            try LabSupport.ensureDataFilesystems(lab)
            let inventory = try #require(lab.inventory())
            let credentials = try #require(lab.credentials())
            return (try FaultInjector.forPlatform(lab, runID: "test"), RunEndpoints(inventory: inventory, credentials: credentials).dsn(for: .direct))
        }

        @Test(.timeLimit(.minutes(6))) func aFullReplicaLeavesThePrimaryWritingAFullPrimaryRefusesWritesAndHealFreesBoth() throws {
            let lock = LabTestLock()
            defer { withExtendedLifetime(lock) {} }
            let (injector, dsn) = try ready()
            let invocation = { (target: String) in
                try ScenarioLoader(capabilities: .detectLocalKernel()).faultInvocation(kind: "disk_full", parameters: [(key: "target", value: target)]).get()
            }
            let table = "chaos_disk_full_test"
            let session = try open(dsn, table: table)

            let replica = try #require(lab.status().nodes.first { $0.role != "leader" && $0.name.hasPrefix("pg") }?.name)
            let replicaDisk = LabDataFilesystem(layout: lab.layout, node: replica)
            #expect(replicaDisk.isMounted, "\(replica) has a filesystem of its own")
            let onReplica = try injector.inject(try invocation(replica), seed: 11)
            #expect((replicaDisk.freeBytes ?? .max) < 1_048_576, "\(replica)'s filesystem is full: \(String(describing: replicaDisk.freeBytes)) bytes free")
            #expect(write(session, table: table) == nil, "the primary still takes writes while a replica's disk is full")
            #expect(injector.heal(onReplica).healed)
            #expect(!FileManager.default.fileExists(atPath: replicaDisk.filler) && (replicaDisk.freeBytes ?? 0) > 1 << 30)
            #expect(try lab.waitUntilHealthy(timeout: .seconds(120)).healthy)

            let primary = try #require(lab.status().leader)
            let primaryDisk = LabDataFilesystem(layout: lab.layout, node: primary)
            let onPrimarySession = try open(dsn, table: table)
            let onPrimary = try injector.inject(try invocation("primary"), seed: 12)
            #expect(onPrimary.plan.targets == ["\(primary) (primary)"])
            var refused: PostgresError?
            for _ in 0..<10 where refused == nil { refused = write(onPrimarySession, table: table) }
            guard case .sql(let state, let message, _) = refused else {
                Issue.record("a write on the full primary did not fail: \(String(describing: refused))"); _ = injector.heal(onPrimary); return
            }
            #expect(state == "53100" && message.contains("No space left on device"), "\(state) \(message)")
            #expect(lab.status().leader == primary, "no failover: Patroni sees its primary running")
            #expect(injector.heal(onPrimary).healed)
            #expect(!FileManager.default.fileExists(atPath: primaryDisk.filler))
            #expect(try lab.waitUntilHealthy(timeout: .seconds(120)).healthy)
            let resumed = writesResume(dsn, table: table, first: write(onPrimarySession, table: table))
            #expect(resumed == nil, "writes resume once the disk is freed: \(String(describing: resumed))")
            _ = try? PostgresConnection.connect(dsn: dsn).execute("DROP TABLE IF EXISTS \(table)")
            try LabSupport.expectNoFaultLeft(lab)
        }

        @Test(.timeLimit(.minutes(4))) func aFrozenPrimaryBlocksWritesButAnswersReadsAndThawingResumesThem() throws {
            let lock = LabTestLock()
            defer { withExtendedLifetime(lock) {} }
            let (injector, dsn) = try ready()
            let table = "chaos_fs_freeze_test"
            let writing = try open(dsn, table: table)
            let reading = try open(dsn, table: table)
            #expect(write(writing, table: table) == nil)
            let frozen = try injector.inject(
                try ScenarioLoader(capabilities: .detectLocalKernel()).faultInvocation(kind: "fs_freeze", parameters: [(key: "target", value: "primary")]).get(),
                seed: 13)
            let started = MonotonicClock()
            let blocked = write(writing, table: table)
            #expect(blocked != nil, "a write on a frozen primary does not complete")
            #expect(started.now() >= 4_000_000_000, "it waited for its deadline (5 s), not refused at once: \(String(describing: blocked))")
            do throws(PostgresError) {
                // A query that needs no buffer: reading pages may mean evicting a dirty one, which waits for the WAL.
                let rows = try reading.execute("SELECT 1", timeoutNs: 5_000_000_000)
                #expect(!rows.rows.isEmpty, "the server answers on an open connection while the disk is frozen")
            } catch {
                Issue.record("a read on the frozen primary failed: \(error)")
            }
            #expect(injector.heal(frozen).healed)
            #expect(try lab.waitUntilHealthy(timeout: .seconds(120)).healthy)
            let resumed = writesResume(dsn, table: table, first: freshWrite(dsn, table: table))
            #expect(resumed == nil, "writes resume once thawed: \(String(describing: resumed))")
            _ = try? PostgresConnection.connect(dsn: dsn).execute("DROP TABLE IF EXISTS \(table)")
            try LabSupport.expectNoFaultLeft(lab)
        }
    }
}
