// The writer against a real PostgreSQL: acks, a server crash mid-run, recovery, and the rows read back.

import ChaosKit
import Foundation
import Testing

@Suite(.serialized) struct WriterIntegrationTests {
    /// A DSN from the environment, for a server someone else runs.
    static let externalDSN = ProcessInfo.processInfo.environment["CHAOS_TEST_PG_DSN"]

    /// Against the server CHAOS_TEST_PG_DSN names, or else a throwaway one of our own on loopback.
    @Test(.enabled(if: externalDSN != nil || LocalPostgres.available, "set CHAOS_TEST_PG_DSN, or install PostgreSQL (CHAOS_TEST_PG_BIN)"))
    func writerAcksAgainstAGivenServer() async throws {
        let server = WriterIntegrationTests.externalDSN == nil ? try LocalPostgres() : nil
        defer { server?.destroy() }
        let dsn = try #require(WriterIntegrationTests.externalDSN ?? server?.dsn)
        try Writer.prepareTable(dsn: dsn)
        let clock = MonotonicClock()
        let log = OpLog()
        let runId = "it-\(UUID().uuidString.prefix(8))"
        let writer = Writer(configuration: WriterConfiguration(path: .direct, dsn: dsn, runId: runId), clock: clock, log: log)
        writer.start()
        try await Task.sleep(nanoseconds: 2_000_000_000)
        writer.stop()
        let status = log.liveStatus(of: .direct)
        #expect(status.acked >= 150)
        #expect(status.failed == 0)
        let rows = try RPOReader.read(runId: runId, dsn: dsn)
        #expect(rows.copies.count == status.acked)
    }

    @Test(.enabled(if: LocalPostgres.available, "needs PostgreSQL binaries (CHAOS_TEST_PG_BIN)"))
    func writerRecordsACrashAndRecovers() async throws {
        let server = try LocalPostgres()
        defer { server.destroy() }
        // A dead first host proves the multi-host DSN moves on to a live one.
        let endpoint = WriterEndpoint(
            hosts: [HostPort(host: "127.0.0.1", port: 1), HostPort(host: "127.0.0.1", port: server.port)],
            user: "postgres", database: "postgres")
        let dsn = PostgresDSN.make(path: .direct, endpoint: endpoint)
        try Writer.prepareTable(dsn: dsn)

        let clock = MonotonicClock()
        let log = OpLog()
        let runId = "it-\(UUID().uuidString.prefix(8))"
        let writer = Writer(configuration: WriterConfiguration(path: .direct, endpoint: endpoint, runId: runId), clock: clock, log: log)
        writer.start()
        try await Task.sleep(nanoseconds: 2_000_000_000)
        let beforeCrash = log.liveStatus(of: .direct)
        #expect(beforeCrash.acked >= 150, "about 200 acks expected at 100/s in 2 s")
        #expect(beforeCrash.failed == 0)

        let faultNs = clock.now()
        try server.stop(mode: "immediate")
        try await Task.sleep(nanoseconds: 1_000_000_000)
        let duringOutage = log.liveStatus(of: .direct)
        // A session per host, connected again in the background: refused connects cost next to nothing, so the
        // writer goes on trying at its rate (100/s), and the budget never holds it back.
        #expect(duringOutage.failed >= 50, "refused connections are retried at the writer's rate: \(duringOutage.failed) in 1 s")
        try server.start()
        try await Task.sleep(nanoseconds: 2_000_000_000)
        writer.stop()

        let ops = log.records
        let acksAfter = ops.filter { $0.isAck && $0.startNs > faultNs }
        #expect(acksAfter.count >= 100, "the writer reconnects after the restart")
        #expect(Set(ops.map(\.seq)).count == ops.count, "one seq per attempt")
        #expect(ops.filter(\.isAck).allSatisfy { $0.node == "127.0.0.1:\(server.port)" && $0.lsn != nil && $0.timeline == 1 })

        // Plant a loss: delete three acknowledged rows, then the checker and a point query must both see it.
        let planted = ops.filter(\.isAck).prefix(3).map { WriteKey(path: $0.path, seq: $0.seq) }
        let admin = try PostgresConnection.connect(dsn: dsn)
        try admin.execute(
            "DELETE FROM chaos_writes WHERE run_id = $1 AND seq = ANY($2::bigint[])",
            parameters: [runId, "{" + planted.map { String($0.seq) }.joined(separator: ",") + "}"])
        let withLoss = MeasurementResults.evaluate(
            MeasurementHistory(ops: ops, faultNs: faultNs, readBack: try RPOReader.read(runId: runId, dsn: dsn)))
        #expect(withLoss.rpo?.lost.map(\.key) == planted)
        #expect(try RPOReader.present(runId: runId, keys: planted, dsn: dsn).isEmpty)
        let someAcked = ops.filter(\.isAck).suffix(2).map { WriteKey(path: $0.path, seq: $0.seq) }
        #expect(try RPOReader.present(runId: runId, keys: someAcked, dsn: dsn) == Set(someAcked))
        for key in planted {
            try admin.execute(
                "INSERT INTO chaos_writes (run_id, path, seq, client_start_ns) VALUES ($1, $2, $3, 0)",
                parameters: [runId, key.path.rawValue, String(key.seq)])
        }

        let rows = try RPOReader.read(runId: runId, dsn: dsn)
        let results = MeasurementResults.evaluate(MeasurementHistory(ops: ops, faultNs: faultNs, readBack: rows))
        let availability = try #require(results.availability(of: .direct))
        #expect(availability.recovered)
        #expect((availability.rtoNs ?? 0) > 1_000_000_000)
        #expect(availability.downtimeNs >= 1_000_000_000)
        let resolution = try #require(availability.rtoResolutionNs)
        #expect(resolution < 200_000_000, "the restart is seen within a few ticks: \(resolution) ns")
        #expect(results.value(of: "rpo.lost") == .count(0), "synchronous commit: every ack survives a crash")
        #expect(results.value(of: "rpo.duplicated") == .count(0))
        #expect(results.value(of: "invariant.single_writer") == .boolean(true))
    }

    @Test(.enabled(if: LocalPostgres.available, "needs PostgreSQL binaries (CHAOS_TEST_PG_BIN)"))
    func statementTimeoutAndClientDeadlineEndSlowWrites() async throws {
        let server = try LocalPostgres()
        defer { server.destroy() }
        try Writer.prepareTable(dsn: server.dsn)
        let locker = try PostgresConnection.connect(dsn: server.dsn)
        try locker.execute("BEGIN")
        try locker.execute("LOCK TABLE chaos_writes IN ACCESS EXCLUSIVE MODE")
        let clock = MonotonicClock()
        let log = OpLog()
        let configuration = WriterConfiguration(path: .pgpool, dsn: server.dsn, runId: "it-timeout", rate: 100, opTimeoutNs: 300_000_000)
        let writer = Writer(configuration: configuration, clock: clock, log: log)
        writer.start()
        try await Task.sleep(nanoseconds: 1_000_000_000)
        try locker.execute("ROLLBACK")
        try await Task.sleep(nanoseconds: 500_000_000)
        writer.stop()
        let ops = log.records
        #expect(ops.contains { $0.outcome == .timeout })
        #expect(ops.filter { $0.outcome == .timeout }.allSatisfy { $0.endNs - $0.startNs < 600_000_000 })
        #expect(ops.last?.isAck == true)
    }

    @Test(.enabled(if: LocalPostgres.available, "needs PostgreSQL binaries (CHAOS_TEST_PG_BIN)"))
    func readOnlyServerErrorsCarryTheirSQLState() async throws {
        let server = try LocalPostgres()
        defer { server.destroy() }
        try Writer.prepareTable(dsn: server.dsn)
        let admin = try PostgresConnection.connect(dsn: server.dsn)
        let clock = MonotonicClock()
        let log = OpLog()
        let writer = Writer(
            configuration: WriterConfiguration(path: .direct, dsn: server.dsn, runId: "it-readonly"), clock: clock, log: log)
        writer.start()
        try await Task.sleep(nanoseconds: 500_000_000)
        try admin.execute("ALTER SYSTEM SET default_transaction_read_only = on")
        try admin.execute("SELECT pg_reload_conf()")
        try await Task.sleep(nanoseconds: 1_000_000_000)
        try admin.execute("ALTER SYSTEM RESET default_transaction_read_only")
        try admin.execute("SELECT pg_reload_conf()")
        try await Task.sleep(nanoseconds: 1_000_000_000)
        writer.stop()
        let ops = log.records
        let readOnly = ops.filter { $0.outcome == .sqlError }
        #expect(readOnly.count >= 5, "the writer goes on trying while read-only")
        #expect(readOnly.allSatisfy { $0.sqlState == "25006" })
        #expect(ops.last?.isAck == true, "the writer recovers once writes are allowed again")
    }

    /// Over the extended protocol a statement's rows and CommandComplete arrive before its implicit transaction
    /// commits; a failure at the commit (here a deferred unique constraint; in a crash, the server dying mid-commit)
    /// follows them. That is no acknowledgement: the statement must fail and the row must be absent.
    @Test(.enabled(if: LocalPostgres.available, "needs PostgreSQL binaries (CHAOS_TEST_PG_BIN)"))
    func rowsFollowedByACommitFailureAreNoAcknowledgement() async throws {
        let server = try LocalPostgres()
        defer { server.destroy() }
        let connection = try PostgresConnection.connect(dsn: server.dsn)
        try connection.execute("CREATE TABLE deferred_keys (id int UNIQUE DEFERRABLE INITIALLY DEFERRED, note text)")
        try connection.execute("INSERT INTO deferred_keys VALUES (1, 'first')")
        let outcome = Result { () throws(PostgresError) -> PostgresRows in
            try connection.execute("INSERT INTO deferred_keys VALUES ($1, 'second') RETURNING id", parameters: ["1"])
        }
        switch outcome {
        case .success(let rows): Issue.record("the insert was taken as acknowledged: \(rows.rows)")
        case .failure(let error): #expect("\(error)".hasPrefix("SQLSTATE 23505"), "the commit's unique violation, not the statement's rows: \(error)")
        }
        let count = try connection.execute("SELECT count(*) FROM deferred_keys").rows.first?.first ?? nil
        #expect(count == "1", "the failed commit left no row")
        let next = try connection.execute("INSERT INTO deferred_keys VALUES ($1, 'third') RETURNING id", parameters: ["2"])
        #expect(next.rows == [["2"]], "the session is usable after the failed commit")
    }
}
