// The `promql` probe's reading of Prometheus's query API and its verdict, and the `during:` section's loading and
// per-probe summary.

import Foundation
import Testing
@testable import ChaosKit

@Suite struct PromQLTests {
    private func parse(_ json: String) -> Result<[PromQLSample], PromQLError> { PromQLResponse.parse(Data(json.utf8)) }

    @Test func readsAVectorWithLabelsAndSpecialValues() throws {
        let samples = try parse("""
            {"status":"success","data":{"resultType":"vector","result":[
              {"metric":{"__name__":"up","job":"etcd","node":"etcd1"},"value":[1764500000.123,"1"]},
              {"metric":{"job":"x"},"value":[1764500000.123,"NaN"]},
              {"metric":{},"value":[1764500000.123,"+Inf"]},
              {"metric":{},"value":[1764500000.123,"-Inf"]}]}}
            """).get()
        #expect(samples.count == 4)
        #expect(samples[0].value == 1 && samples[0].seriesDescription == #"up{job="etcd",node="etcd1"}"#)
        #expect(samples[1].value.isNaN)
        #expect(samples[2].value == .infinity && samples[3].value == -.infinity)
    }

    @Test func readsAScalar() throws {
        let samples = try parse(#"{"status":"success","data":{"resultType":"scalar","result":[1764500000,"2.5"]}}"#).get()
        #expect(samples == [PromQLSample(labels: [:], value: 2.5)])
    }

    @Test func reportsPrometheusErrorsRangeVectorsAndNonsense() {
        let refused = parse(#"{"status":"error","errorType":"bad_data","error":"1:5: parse error: unexpected end of input"}"#)
        #expect(refused == .failure(PromQLError("Prometheus refused the query (bad_data): 1:5: parse error: unexpected end of input")))
        guard case .failure(let range) = parse(#"{"status":"success","data":{"resultType":"matrix","result":[]}}"#) else {
            Issue.record("a matrix is not a number")
            return
        }
        #expect(range.description.contains("range vector"))
        guard case .failure(let html) = parse("<html>404</html>") else {
            Issue.record("HTML is not the API")
            return
        }
        #expect(html.description.contains("not Prometheus's query API JSON"))
    }

    @Test func judgesExactlyOneValueAgainstItsBounds() {
        let one = [PromQLSample(labels: [:], value: 3)]
        #expect(PromQLProbe.judge(one, query: "q", bounds: PromQLBounds(min: 1, max: 5)).held)
        #expect(!PromQLProbe.judge(one, query: "q", bounds: PromQLBounds(max: 2)).held)
        #expect(PromQLProbe.judge(one, query: "q", bounds: PromQLBounds(equals: 3.4, tolerance: 0.5)).held)
        let outside = PromQLProbe.judge(one, query: "q", bounds: PromQLBounds(equals: 4, tolerance: 0.5))
        #expect(!outside.held && outside.detail == "q = 3 (wanted = 4 ± 0.5)")
        #expect(!PromQLProbe.judge([PromQLSample(labels: [:], value: .nan)], query: "q", bounds: PromQLBounds(min: 0)).held)
        let none = PromQLProbe.judge([], query: "q", bounds: PromQLBounds(min: 0))
        #expect(!none.held && none.detail.contains("no series"))
        let several = PromQLProbe.judge(
            [PromQLSample(labels: ["__name__": "up", "node": "pg1"], value: 1), PromQLSample(labels: ["__name__": "up", "node": "pg2"], value: 1)],
            query: "up", bounds: PromQLBounds(min: 0))
        #expect(!several.held && several.detail.contains("returned 2 series") && several.detail.contains("aggregate"))
    }

    @Test func anUnreachablePrometheusIsAFailureThatSaysSo() {
        // A port nothing listens on, on loopback.
        let outcome = PromQLProbe.check(prometheus: "http://127.0.0.1:9", query: "up", bounds: PromQLBounds(min: 1))
        #expect(!outcome.held && outcome.detail.hasPrefix("cannot ask Prometheus at http://127.0.0.1:9"))
    }

    @Test func duringLoadsAsAListOrWithItsInterval() throws {
        let loader = ScenarioLoader(capabilities: .everything)
        let list = loader.load(text: """
            title: t
            method: [{wait: 5s}]
            during:
              - {name: one-leader, probe: patroni}
            abort_when: [during.failures > 2]
            hypotheses: [during.failures == 0]
            """, file: "list.yaml")
        let scenario = try #require(list.scenario, "\(list.diagnostics)")
        #expect(scenario.during.interval == .seconds(1) && scenario.during.probes.map(\.name) == ["one-leader"])
        let mapping = loader.load(text: """
            title: t
            method: [{wait: 5s}]
            during:
              every: 500ms
              probes:
                - {name: lag, probe: promql, query: "max(x)", max: 5}
                - {name: etcd-ok, probe: promql, url: "http://10.203.0.50:9090", query: "count(up)", equals: 9, tolerance: 0}
            """, file: "mapping.yaml")
        let timed = try #require(mapping.scenario, "\(mapping.diagnostics)")
        #expect(timed.during.interval == .seconds(0.5) && timed.during.probes.count == 2)
        #expect(timed.allProbeSteps.count == 2)
    }

    @Test func promqlBoundsThatCannotWorkAreRefused() {
        let loader = ScenarioLoader(capabilities: .everything)
        let both = loader.load(text: """
            title: t
            method: [{wait: 5s}]
            steady_state:
              - {probe: promql, query: "up", equals: 1, max: 2}
              - {probe: promql, query: "up", min: 3, max: 2}
            """, file: "both.yaml")
        #expect(both.diagnostics.map(\.message).contains { $0.contains("either equals (± tolerance) or min/max, not both") })
        #expect(both.diagnostics.map(\.message).contains { $0.contains("min (3.0) is above max (2.0)") })
    }

    @Test func summarizesEachProbesFailedWindows() {
        func evaluation(_ probe: String, _ startS: Int64, _ held: Bool, _ detail: String = "d") -> ProbeEvaluation {
            ProbeEvaluation(probe: probe, kind: "promql", startNs: startS * 1_000_000_000, endNs: startS * 1_000_000_000 + 5_000_000, held: held, detail: detail)
        }
        let evaluations = [
            evaluation("a", 1, true), evaluation("a", 2, false, "x = 9"), evaluation("a", 3, false, "x = 9"), evaluation("a", 4, true),
            evaluation("a", 5, false, "x = 7"), evaluation("b", 1, true), evaluation("b", 2, true),
        ]
        let results = ContinuousProbeResults.evaluate(evaluations, probes: [("a", "promql"), ("b", "promql"), ("c", "patroni")], intervalNs: 1_000_000_000)
        #expect(results.failures == 3)
        let a = results.probes[0]
        #expect(a.evaluations == 5 && a.failures == 3 && a.examples == ["x = 9", "x = 7"])
        #expect(a.failedWindows == [TimeWindow(startNs: 2_000_000_000, endNs: 3_005_000_000), TimeWindow(startNs: 5_000_000_000, endNs: 5_005_000_000)])
        #expect(results.probes[1].failures == 0 && results.probes[2].evaluations == 0)
        #expect(evaluation("a", 2, false, "x, \"y\"").csvLine == #"a,promql,2000000000,2005000000,false,"x, ""y""""#)
    }
}
