// The command line against the real lab: a run piped to a file holds only its result (one JSON document a
// script decodes), progress and --verbose's command log go to standard error, the variables' values are in
// run.json, and a secret from ${env:NAME} is used by the run but written to none of its files.

import ChaosKit
import Foundation
import Testing

extension LabSuite {
    @Suite(.serialized) struct CommandLineLabTests {
        let lab = LabSupport.controller()

        static let scenario = """
            title: command line
            variables:
              rate: {type: rate, default: 20}
              hold: {type: duration, default: 1s}
            workload: {warmup: 1s, cooldown: 0s, rate: '${rate}'}
            method:
              - name: uses-secret
                action: shell
                command: "test -n '${env:CHAOS_TEST_SECRET}'"
              - wait: ${hold}
            hypotheses:
              - rpo.lost == 0

            """

        @Test func aRunPipedToAFileHoldsOnlyItsResultAndNoSecret() throws {
            let lock = LabTestLock()
            defer { withExtendedLifetime(lock) {} }
            try LabSupport.ensureHealthy(lab)
            let file = NSTemporaryDirectory() + "chaos-cli-\(UUID().uuidString).yaml"
            let runs = NSTemporaryDirectory() + "chaos-runs-\(UUID().uuidString)"
            try Self.scenario.write(toFile: file, atomically: true, encoding: .utf8)
            defer { try? FileManager.default.removeItem(atPath: file); try? FileManager.default.removeItem(atPath: runs) }
            let secret = "s3cr3t-\(UUID().uuidString)"
            var environment = LabSupport.environment
            environment["CHAOS_TEST_SECRET"] = secret
            let result = LabSupport.runner.run(
                [LabSupport.chaosBinary, "run", file, "--var", "rate=30", "--format", "json", "--verbose", "--runs-directory", runs],
                environment: environment, timeout: .seconds(180))
            #expect(result.status == 0, "\(result.standardError)")
            let document = try JSONDecoder().decode(RunResultDocument.self, from: Data(result.standardOutput.utf8))
            #expect(document.verdict == "passed")
            #expect(document.variables == ["rate": "30", "hold": "1s"])
            #expect(document.metrics["rpo.lost"]?.value == 0)
            #expect(result.standardError.contains("▶ command line"), "progress belongs on standard error")
            #expect(result.standardError.contains("exit 0: "), "--verbose logged no command: \(result.standardError.suffix(2000))")
            #expect(!result.standardOutput.contains(secret) && !result.standardError.contains(secret))
            let record = try RunDirectory(url: URL(fileURLWithPath: document.directory)).readRecord()
            #expect(record.variables == ["rate": "30", "hold": "1s"])
            #expect(record.workload.rate == 30)
            var redacted = false
            for name in try FileManager.default.contentsOfDirectory(atPath: document.directory) {
                let text = try String(contentsOfFile: document.directory + "/" + name, encoding: .utf8)
                #expect(!text.contains(secret), "\(name) holds the secret")
                redacted = redacted || text.contains(RunDirectory.redaction)
            }
            #expect(redacted, "the secret's place is marked in some file (the step's command)")
            // The run folder through `report` and `compare`, as documents.
            let report = LabSupport.runner.run([LabSupport.chaosBinary, "report", document.directory, "--format", "json"], environment: environment)
            let rendered = try JSONDecoder().decode([RenderedReportEntry].self, from: Data(report.standardOutput.utf8))
            #expect(rendered.map(\.verdict) == ["passed"] && rendered.first?.kind == "run", "\(report.standardError)")
            let compare = LabSupport.runner.run([LabSupport.chaosBinary, "compare", document.directory, document.directory, "--format", "json"], environment: environment)
            #expect(try JSONDecoder().decode([RunResultDocument].self, from: Data(compare.standardOutput.utf8)) == [document, document])
        }

        /// `fault inject|list|heal`, `recover` and `lab status` as documents, on the real lab.
        @Test func faultCommandsPrintDocuments() throws {
            let lock = LabTestLock()
            defer { withExtendedLifetime(lock) {} }
            try LabSupport.ensureHealthy(lab)
            func chaos(_ arguments: [String]) -> CommandResult {
                LabSupport.runner.run([LabSupport.chaosBinary] + arguments, environment: LabSupport.environment, timeout: .seconds(150))
            }
            let status = chaos(["lab", "status", "--format", "json"])
            #expect(try JSONDecoder().decode(LabStatus.self, from: Data(status.standardOutput.utf8)).healthy)
            let inject = chaos(["fault", "inject", "pause", "--target", "replica", "--format", "json"])
            #expect(inject.status == 0, "\(inject.standardError)")
            let injected = try JSONDecoder().decode(InjectionDocument.self, from: Data(inject.standardOutput.utf8))
            #expect(injected.kind == "pause" && !injected.undo.isEmpty && injected.heal == nil)
            let list = try JSONDecoder().decode(FaultListDocument.self, from: Data(chaos(["fault", "list", "--format", "json"]).standardOutput.utf8))
            #expect(list.faults.map(\.id) == [injected.id])
            let heal = chaos(["fault", "heal", injected.id, "--format", "json"])
            #expect(try JSONDecoder().decode(HealDocument.self, from: Data(heal.standardOutput.utf8)).healed, "\(heal.standardError)")
            let recover = chaos(["recover", "--format", "json"])
            let recovery = try JSONDecoder().decode(RecoveryDocument.self, from: Data(recover.standardOutput.utf8))
            #expect(recovery.heals.isEmpty && recovery.stillInEffect.isEmpty)
            try LabSupport.ensureHealthy(lab)
            try LabSupport.expectNoFaultLeft(lab)
        }
    }
}
