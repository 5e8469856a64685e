// The lab's Prometheus for real: `chaos lab up --monitoring`'s server scrapes every Patroni, etcd and exporter, a
// promql probe judges what it holds (and refuses a bad query in Prometheus's own words), and a `during:` probe that
// fails while a replica's Patroni is frozen is recorded with its time and aborts the run through `during.failures`.

import ChaosKit
import Foundation
import Testing

extension LabSuite {
    @Suite(.serialized) struct MonitoringLabTests {
        let lab = LabSupport.controller()

        /// Asks until the probe holds or `seconds` pass (the first scrapes of a new server take a second or two).
        private func eventually(_ seconds: Double, _ check: () -> ProbeOutcome) -> ProbeOutcome {
            let deadline = Date().addingTimeInterval(seconds)
            var outcome = check()
            while !outcome.held && Date() < deadline {
                Thread.sleep(forTimeInterval: 0.5)
                outcome = check()
            }
            return outcome
        }

        @Test(.timeLimit(.minutes(3))) func prometheusScrapesTheLabAndPromqlProbesJudgeIt() throws {
            let lock = LabTestLock()
            defer { withExtendedLifetime(lock) {} }
            try LabSupport.ensureHealthy(lab)
            try lab.startMonitoring()
            let url = lab.monitoringURL
            #expect(lab.prometheusURL() == url)
            #expect(LabSupport.namespaces().contains(lab.topology.monitoring.namespace))
            let scraped = eventually(20) {
                PromQLProbe.check(prometheus: url, query: "count(up == 1)", bounds: PromQLBounds(equals: 9))
            }
            #expect(scraped.held, "3 Patroni + 3 etcd + 3 exporters: \(scraped.detail)")
            let primaries = eventually(10) {
                PromQLProbe.check(prometheus: url, query: "sum(patroni_primary)", bounds: PromQLBounds(equals: 1))
            }
            #expect(primaries.held, "\(primaries.detail)")
            let mustFail = PromQLProbe.check(prometheus: url, query: "sum(patroni_primary)", bounds: PromQLBounds(min: 2))
            #expect(!mustFail.held && mustFail.detail == "sum(patroni_primary) = 1 (wanted ≥ 2)", "\(mustFail.detail)")
            let several = PromQLProbe.check(prometheus: url, query: "patroni_primary", bounds: PromQLBounds(max: 1))
            #expect(!several.held && several.detail.contains("returned 3 series"), "\(several.detail)")
            let refused = PromQLProbe.check(prometheus: url, query: "sum(", bounds: PromQLBounds(max: 1))
            #expect(!refused.held && refused.detail.contains("Prometheus refused the query (bad_data)"), "\(refused.detail)")
        }

        @Test(.timeLimit(.minutes(4))) func aFailingDuringProbeIsRecordedWithItsTimeAndAbortsTheRun() throws {
            let lock = LabTestLock()
            defer { withExtendedLifetime(lock) {} }
            try LabSupport.ensureHealthy(lab)
            let text = """
                title: a frozen Patroni vanishes from Prometheus
                steady_state:
                  - {name: two-replicas, probe: promql, query: "sum(patroni_replica)", equals: 2}
                workload: {paths: [direct], rate: 20, warmup: 1s, cooldown: 1s}
                during:
                  every: 500ms
                  probes:
                    - {name: replicas-report, probe: promql, query: "sum(patroni_replica) or vector(0)", equals: 2}
                method:
                  - {name: freeze, fault: pause, target: replica, service: patroni, duration: 30s}
                abort_when: [during.failures > 0]
                hypotheses: [during.failures == 0]
                """
            let runs = NSTemporaryDirectory() + "chaos-runs-\(UUID().uuidString)"
            defer { try? FileManager.default.removeItem(atPath: runs) }
            try FileManager.default.createDirectory(atPath: runs, withIntermediateDirectories: true)
            let file = runs + "/during-abort.yaml"
            try text.write(toFile: file, atomically: true, encoding: .utf8)
            let loaded = ScenarioLoader(capabilities: .detectLocalKernel()).load(fileAt: file)
            let scenario = try #require(loaded.scenario, "\(loaded.diagnostics)")
            let started = Date()
            let outcome = try RunEngine(platform: lab, runsDirectory: runs).run(scenario, seed: 5)
            let record = outcome.record
            #expect(record.verdict == .aborted, "\(record.verdict): \(record.reason ?? "")")
            #expect(record.reason?.contains("during.failures > 0") == true, "\(record.reason ?? "")")
            #expect(Date().timeIntervalSince(started) < 25, "the abort cut the 30 s freeze short")
            let during = try #require(record.results?.during)
            let probe = try #require(during.probes.first)
            #expect(probe.evaluations >= 2 && probe.failures >= 1, "\(probe)")
            let window = try #require(probe.failedWindows.first)
            let fault = try #require(record.firstFaultNs)
            #expect(window.startNs > fault, "the probe failed only after the freeze")
            #expect(probe.examples.first?.contains("= 1 (wanted = 2)") == true, "\(probe.examples)")
            let csv = try String(contentsOfFile: outcome.directory + "/during.csv", encoding: .utf8)
            #expect(csv.hasPrefix(ProbeEvaluation.csvHeader))
            #expect(csv.contains(",false,"), "a failed evaluation is in during.csv")
            #expect(record.hypotheses.first?.held == false)
            try LabSupport.expectNoFaultLeft(lab)
            try LabSupport.ensureHealthy(lab)
        }
    }
}
