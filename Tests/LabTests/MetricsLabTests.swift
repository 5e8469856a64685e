// The `prometheus` probe against the lab's real exporters: a series that holds, one that must fail its
// bound, an ambiguous name, and Patroni's and etcd's own /metrics.

import ChaosKit
import Foundation
import Testing

extension LabSuite {
    @Suite(.serialized) struct MetricsLabTests {
        let lab = LabSupport.controller()

        @Test func prometheusProbeReadsTheExportersInProcess() throws {
            let lock = LabTestLock()
            defer { withExtendedLifetime(lock) {} }
            try LabSupport.ensureHealthy(lab)
            let inventory = try #require(lab.inventory())
            let pg = try #require(inventory.nodes(.postgres).first)
            let etcd = try #require(inventory.nodes(.etcd).first)
            let exporter = "http://\(pg.address):\(pg.ports["exporter"] ?? 9187)/metrics"
            let up = PrometheusProbe.check(url: exporter, series: "pg_up", min: 1, max: 1)
            #expect(up.held, "\(up.detail)")
            let bound = PrometheusProbe.check(url: exporter, series: "pg_up", min: 2, max: nil)
            #expect(!bound.held && bound.detail.contains("pg_up = 1.0"), "\(bound.detail)")
            let ambiguous = PrometheusProbe.check(url: exporter, series: "pg_stat_database_xact_commit", min: nil, max: nil)
            #expect(!ambiguous.held && ambiguous.detail.contains("series match") && ambiguous.detail.contains("add labels"), "\(ambiguous.detail)")
            let chosen = PrometheusProbe.check(url: exporter, series: "pg_stat_database_xact_commit{datname=\"postgres\"}", min: 0, max: nil)
            #expect(chosen.held, "\(chosen.detail)")
            let missing = PrometheusProbe.check(url: exporter, series: "no_such_metric", min: nil, max: nil)
            #expect(!missing.held && missing.detail.hasPrefix("no series no_such_metric at \(exporter)"))
            let patroni = PrometheusProbe.check(
                url: "http://\(pg.address):\(pg.ports["patroni-api"] ?? 8008)/metrics", series: "patroni_postgres_running", min: 1, max: 1)
            #expect(patroni.held, "\(patroni.detail)")
            let leader = PrometheusProbe.check(
                url: "http://\(etcd.address):\(etcd.ports["etcd-client"] ?? 2379)/metrics", series: "etcd_server_has_leader", min: 1, max: 1)
            #expect(leader.held, "\(leader.detail)")
        }
    }
}
