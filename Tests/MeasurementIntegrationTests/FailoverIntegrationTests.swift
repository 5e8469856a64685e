// Ground truth on a real failover without a lab: a primary and its async streaming standby on loopback;
// the primary is crashed, the standby promoted. The checker must see the new timeline on the new node,
// one writer at a time, and exactly the acknowledged writes the new primary lacks.

import ChaosKit
import Foundation
import Testing

@Suite(.serialized) struct FailoverIntegrationTests {
    @Test(.enabled(if: LocalPostgres.available, "needs PostgreSQL binaries (CHAOS_TEST_PG_BIN)"))
    func crashAndPromotionAreMeasured() async throws {
        let primary = try LocalPostgres()
        defer { primary.destroy() }
        let standby = try LocalPostgres(standbyOf: primary)
        defer { standby.destroy() }
        let endpoint = WriterEndpoint(
            hosts: [HostPort(host: "127.0.0.1", port: primary.port), HostPort(host: "127.0.0.1", port: standby.port)],
            user: "postgres", database: "postgres")
        let dsn = PostgresDSN.make(path: .direct, endpoint: endpoint)
        try Writer.prepareTable(dsn: dsn)

        let clock = MonotonicClock()
        let log = OpLog()
        let runId = "failover-\(UUID().uuidString.prefix(8))"
        let writer = Writer(configuration: WriterConfiguration(path: .direct, endpoint: endpoint, runId: runId), clock: clock, log: log)
        writer.start()
        try await Task.sleep(nanoseconds: 1_500_000_000)
        let faultNs = clock.now()
        try primary.stop(mode: "immediate")
        try await Task.sleep(nanoseconds: 500_000_000)
        try standby.promote()
        try await Task.sleep(nanoseconds: 2_000_000_000)
        writer.stop()

        let ops = log.records
        let oldNode = "127.0.0.1:\(primary.port)"
        let newNode = "127.0.0.1:\(standby.port)"
        #expect(ops.filter { $0.isAck && $0.endNs < faultNs }.allSatisfy { $0.node == oldNode && $0.timeline == 1 })
        // Writes that started before `pg_ctl stop` took effect may still be acknowledged by the old primary.
        let firstFailure = try #require(ops.first { !$0.isAck && $0.startNs >= faultNs })
        let after = ops.filter { $0.isAck && $0.startNs > firstFailure.endNs }
        #expect(after.count > 100)
        #expect(after.allSatisfy { $0.node == newNode && $0.timeline == 2 })

        // The switch point from the new primary's timeline history file.
        let admin = try PostgresConnection.connect(dsn: standby.dsn)
        let historyText = try admin.execute("SELECT pg_read_file('pg_wal/00000002.history')").rows.first?.first ?? nil
        let switches = (historyText ?? "").split(separator: "\n").compactMap { line -> TimelineSwitch? in
            let fields = line.split(separator: "\t")
            guard fields.count >= 2, let timeline = Int(fields[0]), let position = WALPosition(text: String(fields[1])) else { return nil }
            return TimelineSwitch(timeline: timeline, switchPosition: position)
        }
        #expect(switches.map(\.timeline) == [1])

        let rows = try RPOReader.read(runId: runId, dsn: dsn)
        let results = MeasurementResults.evaluate(
            MeasurementHistory(ops: ops, faultNs: faultNs, readBack: rows, timelineHistory: switches))
        let availability = try #require(results.availability(of: .direct))
        #expect(availability.recovered)
        #expect((availability.rtoNs ?? 0) > 500_000_000)
        #expect(results.value(of: "invariant.single_writer") == .boolean(true))
        #expect(results.value(of: "invariant.timeline_monotonic") == .boolean(true))
        #expect(results.value(of: "rpo.duplicated") == .count(0))
        // The WAL the old timeline had beyond the switch point: zero when nothing was lost, else exactly the
        // distance from the switch point to the highest lost commit.
        let walBytes = try #require(results.rpo?.walBytesLost)
        let lostPositions = (results.rpo?.lost ?? []).compactMap(\.lsn)
        if let highest = lostPositions.max(), let switchPoint = switches.first?.switchPosition {
            // A lost commit's LSN may lie at or before the switch point (its WAL reached the standby, its commit
            // record did not): then no bytes are counted past the switch.
            let expected = highest.value > switchPoint.value ? highest.value - switchPoint.value : 0
            #expect(walBytes == expected, "\(walBytes) vs \(highest.value) - \(switchPoint.value)")
        } else {
            #expect(walBytes == 0)
        }

        // Whatever the checker calls lost must be absent by an independent point query, and every other
        // acknowledged write present.
        let rpo = try #require(results.rpo)
        let lost = Set(rpo.lost.map(\.key))
        let acked = ops.filter(\.isAck).map { WriteKey(path: $0.path, seq: $0.seq) }
        let present = try RPOReader.present(runId: runId, keys: acked, dsn: dsn)
        #expect(present.isDisjoint(with: lost))
        #expect(present.union(lost) == Set(acked))
        #expect(rpo.lost.allSatisfy { $0.node == oldNode && $0.timeline == 1 })
    }
}
