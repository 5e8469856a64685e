import Foundation
import Testing
@testable import ChaosKit

@Suite struct MeasurementResultsTests {
    typealias S = Synthetic

    private func failoverHistory() -> MeasurementHistory {
        let ops = S.ops(.direct, from: 0, to: 1_000, firstSeq: 1)
            + S.ops(.direct, from: 1_000, to: 3_600, firstSeq: 101, .connectionError)
            + S.ops(.direct, from: 3_600, to: 9_000, firstSeq: 361, node: "10.0.0.2:5432", timeline: 2)
            + S.ops(.pgpool, from: 0, to: 1_000, firstSeq: 1)
            + S.ops(.pgpool, from: 1_000, to: 4_600, firstSeq: 101, .sqlError)
            + S.ops(.pgpool, from: 4_600, to: 9_000, firstSeq: 461, node: "10.0.0.2:5432", timeline: 2)
        var copies: [WriteKey: Int] = [:]
        for op in ops where op.isAck { copies[WriteKey(path: op.path, seq: op.seq)] = 1 }
        return MeasurementHistory(
            ops: ops, events: S.failoverEvents(), faultNs: 1_000 * S.ms, readBack: RowCounts(copies: copies),
            timelineHistory: [TimelineSwitch(timeline: 1, switchPosition: WALPosition(0x100))], memberAddresses: S.addresses)
    }

    @Test func layersFollowTheEvents() {
        let results = MeasurementResults.evaluate(failoverHistory())
        #expect(results.layers.oldPrimary == "pg1")
        #expect(results.layers.newPrimary == "pg2")
        #expect(results.value(of: "layer.leader_key_changed") == .duration(seconds: 2))
        #expect(results.value(of: "layer.promotion") == .duration(seconds: 2.5))
        #expect(results.value(of: "layer.pgpool_switch") == .duration(seconds: 3.5))
        #expect(results.value(of: "rto.direct") == .duration(seconds: 2.602))
        #expect(results.value(of: "rto.pgpool") == .duration(seconds: 3.602))
        #expect(results.value(of: "rejoin.old_primary") == .duration(seconds: 7))
        #expect(results.value(of: "failovers") == .count(1))
        #expect(results.value(of: "invariant.single_writer") == .boolean(true))
        #expect(results.value(of: "invariant.pgpool_no_demoted_write") == .boolean(true))
        #expect(results.value(of: "rpo.lost") == .count(0))
        #expect(results.value(of: "rpo.wal_bytes") == .count(0))
    }

    @Test func everyResultMetricHasAValueOfItsType() {
        var results = MeasurementResults.evaluate(failoverHistory())
        // A pgbench load through the same fault (1 s): 100 tps, nothing for 3 s, 100 tps again.
        let second: Int64 = 1_000_000_000
        let load = (-2..<10).filter { !(1...3).contains($0) }.flatMap { s in
            (0..<100).map { k in LoadTransaction(completedNs: Int64(s) * second + Int64(k) * 10_000_000, latencyNs: 4_000_000, failed: false) }
        }
        results.throughput = ThroughputResults.evaluate(
            load: PgbenchLoadSpec(), transactions: load, originNs: 0, faultNs: second, faultEndNs: nil, startNs: -2 * second - 1,
            endNs: 10 * second, launches: 2, abortedClients: 8)
        var reads: [ReadRecord] = []
        for path in ReadPath.allCases {
            for k in Int64(1)...50 {
                let start: Int64 = k * 20_000_000
                let answered = k != 25
                reads.append(ReadRecord(
                    path: path, seq: k, startNs: start, endNs: start + 1_000_000, outcome: answered ? .ok : .timeout,
                    node: "10.0.0.2:5432", fromStandby: true, seenSeq: answered ? 1 : nil))
            }
        }
        results.reads = ReadResults.evaluate(reads: reads, writes: failoverHistory().ops, sourcePath: .direct, faultNs: second, windowEndNs: nil, holdNs: second)
        var sampled: [MetricSample] = []
        for t in Int64(0)..<3 {
            sampled += [
                MetricSample(timeNs: t * second, source: "primary", metric: "replication_lag_bytes", labels: ["member": "pg2"], value: 100),
                MetricSample(timeNs: t * second, source: "primary", metric: "replication_lag_seconds", labels: ["member": "pg2"], value: 0.1),
                MetricSample(timeNs: t * second, source: "primary", metric: "connections", value: 5),
                MetricSample(timeNs: t * second, source: "primary", metric: "commits_per_second", value: 200),
                MetricSample(timeNs: t * second, source: "etcd:etcd1", metric: "etcd_server_leader_changes_seen_total", value: 1),
                MetricSample(timeNs: t * second, source: "etcd:etcd1", metric: "etcd_server_proposals_failed_total", value: 0),
            ]
        }
        results.sampled = SampledMetrics.evaluate(sampled)
        var final = BankFinalState()
        final.balances = Dictionary(uniqueKeysWithValues: (1...10).map { ($0, Int64(1_000)) })
        results.bank = BankResults.evaluate([], final: final, spec: BankSpec(), originNs: 0)
        for metric in MetricCatalog.all where metric.scope == .result {
            let value = results.value(of: metric.name)
            #expect(value != nil, "no value for \(metric.name)")
            #expect(value?.type == metric.type, "wrong type for \(metric.name)")
        }
        #expect(results.value(of: "no.such.metric") == nil)
    }

    @Test func resultsRoundTripThroughJSON() throws {
        let results = MeasurementResults.evaluate(failoverHistory())
        let data = try JSONEncoder().encode(results)
        #expect(try JSONDecoder().decode(MeasurementResults.self, from: data) == results)
    }
}
