// The Prometheus text format, against real pages saved from this machine's lab (prometheus-postgres-exporter,
// Patroni 3.0 and etcd 3.4 /metrics) and against the format's edge cases.

import Foundation
import Testing
@testable import ChaosKit

@Suite struct PrometheusExpositionTests {
    func page(_ name: String) throws -> PrometheusExposition {
        let url = try #require(Bundle.module.url(forResource: "Metrics/\(name)", withExtension: "txt"))
        return PrometheusExposition.parse(try String(contentsOf: url, encoding: .utf8))
    }

    func one(_ exposition: PrometheusExposition, _ series: String) throws -> PrometheusSample {
        let found = exposition.samples(matching: try #require(PrometheusSelector.parse(series)))
        #expect(found.count == 1, "\(series): \(found.count) series")
        return try #require(found.first)
    }

    /// The sampler's fast path reads only the series it keeps, and reads them exactly as the whole parse does.
    @Test func keepingSomeSeriesGivesTheSameSamplesAsTheWholeParse() throws {
        for (name, keep) in [
            ("etcd", Set(["etcd_server_has_leader", "etcd_server_leader_changes_seen_total", "etcd_server_proposals_failed_total"])),
            ("patroni", Set(["patroni_primary", "patroni_replica", "patroni_postgres_timeline"])),
            ("postgres_exporter", Set(["pg_up", "pg_stat_database_xact_commit"])),
        ] {
            let text = try String(contentsOf: try #require(Bundle.module.url(forResource: "Metrics/\(name)", withExtension: "txt")), encoding: .utf8)
            let whole = PrometheusExposition.parse(text).samples.filter { keep.contains($0.name) }
            let kept = PrometheusExposition.parse(text, keeping: keep).samples
            #expect(!kept.isEmpty && kept == whole, "\(name): \(kept.count) kept, \(whole.count) in the whole parse")
        }
    }

    @Test func realExporterPatroniAndEtcdPagesParseWhole() throws {
        let exporter = try page("postgres_exporter")
        #expect(exporter.malformedLines.isEmpty && exporter.families.count > 50)
        #expect(try one(exporter, "pg_up").value == 1)
        #expect(try one(exporter, "pg_stat_database_xact_commit{datname=\"chaos\"}").value >= 0)
        #expect(exporter.samples(matching: try #require(PrometheusSelector.parse("pg_stat_database_xact_commit"))).count > 1)

        let patroni = try page("patroni")
        #expect(patroni.malformedLines.isEmpty)
        #expect(try one(patroni, "patroni_version{scope=\"chaos\"}").value == 30002)
        #expect(patroni.families.first { $0.name == "patroni_postgres_running" }?.type == "gauge")
        // Patroni 3.0 writes a blank between the name and its labels on this one.
        #expect(try one(patroni, "patroni_postgres_server_version{scope=\"chaos\"}").value == 150018)

        let etcd = try page("etcd")
        #expect(etcd.malformedLines.isEmpty)
        #expect(try one(etcd, "etcd_server_has_leader").value == 1)
        let histogram = try #require(etcd.families.first { $0.name == "etcd_disk_wal_fsync_duration_seconds" })
        #expect(histogram.type == "histogram")
        #expect(histogram.samples.contains { $0.name.hasSuffix("_bucket") && $0.labels["le"] == "+Inf" })
        #expect(histogram.samples.contains { $0.name == "etcd_disk_wal_fsync_duration_seconds_count" })
        #expect(histogram.help?.isEmpty == false)
    }

    @Test func escapesSpecialValuesTimestampsAndHelp() throws {
        let text = """
            # HELP odd A help with a backslash \\\\ and a\\nnewline.
            # TYPE odd gauge
            odd{path="C:\\\\dir\\\\",msg="say \\"hi\\"\\nbye"} 1.5e3 1700000000000
            odd{kind="nan"} NaN
            odd{kind="up"} +Inf
            odd{kind="down"} -Inf
            odd{} 2
            odd{a="b",} 3
            # a plain comment
            plain 7
            """
        let page = PrometheusExposition.parse(text)
        #expect(page.malformedLines.isEmpty, "\(page.malformedLines)")
        let family = try #require(page.families.first { $0.name == "odd" })
        #expect(family.help == "A help with a backslash \\ and a\nnewline.")
        let first = family.samples[0]
        #expect(first.labels == ["path": "C:\\dir\\", "msg": "say \"hi\"\nbye"])
        #expect(first.value == 1500 && first.timestampMs == 1_700_000_000_000)
        #expect(family.samples[1].value.isNaN)
        #expect(family.samples[2].value == .infinity && family.samples[3].value == -.infinity)
        #expect(family.samples[4].labels.isEmpty && family.samples[5].labels == ["a": "b"])
        #expect(try one(page, "plain").value == 7)
    }

    @Test func malformedLinesAreSkippedAndCounted() {
        let text = "good 1\nbad{unclosed=\"x 1\nnovalue\n9starts_with_digit 1\nbad_value 0x10\nbad{a=\"\\q\"} 1\n# TYPE t wibble\nalso_good{x=\"y\"} 2\n"
        let page = PrometheusExposition.parse(text)
        #expect(page.malformedLines == [2, 3, 4, 5, 6, 7])
        #expect(page.samples.map(\.name) == ["good", "also_good"])
    }

    @Test func selectorsNameASeries() {
        #expect(PrometheusSelector.parse("pg_up")?.labels.isEmpty == true)
        #expect(PrometheusSelector.parse("x{a=\"1\", b=\"2\"}")?.labels == ["a": "1", "b": "2"])
        #expect(PrometheusSelector.parse("x{a=\"1\"}")?.description == "x{a=\"1\"}")
        #expect(PrometheusSelector.parse("x{a=1}") == nil)
        #expect(PrometheusSelector.parse("rate(x[5m])") == nil)
    }

    @Test func aMalformedSeriesInAScenarioIsRefusedWhereItIs() {
        let loader = ScenarioLoader(capabilities: .everything)
        let yaml = "title: t\nsteady_state:\n  - probe: prometheus\n    url: http://10.203.0.21:9187/metrics\n    metric: 'pg_up{job=up}'\nmethod:\n  - wait: 1s\n"
        let errors = loader.load(text: yaml, file: "t.yaml").diagnostics.filter { $0.severity == .error }.map(\.description)
        #expect(errors.first?.hasPrefix("t.yaml:5:13: error: steady_state[0].metric: 'pg_up{job=up}' is not a metric series") == true, "\(errors)")
    }

    @Test func anUnreachableEndpointIsAFailureNamingTheURL() {
        let outcome = PrometheusProbe.check(url: "http://127.0.0.1:1/metrics", series: "pg_up", min: 1, max: nil)
        #expect(!outcome.held && outcome.detail.hasPrefix("cannot scrape http://127.0.0.1:1/metrics:"), "\(outcome.detail)")
    }
}
