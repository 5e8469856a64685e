// The bank workload on the tests' lab, with no fault: the real client keeps every invariant; the planted broken
// client (debit and credit in two transactions) is caught by invariant.bank_total — and the checks that caught it
// are in the report.

import ChaosKit
import Foundation
import Testing

extension LabSuite {
    @Suite(.serialized) struct BankLabTests {
        let lab = LabSupport.controller()

        private func bankRun(split: Bool) throws -> RunOutcome {
            let text = """
                version: 1
                title: bank \(split ? "planted split transfers" : "real transfers")
                cluster: {profile: fast, replication: async}
                workload:
                  paths: [direct, pgpool]
                  rate: 20
                  warmup: 2s
                  cooldown: 2s
                  bank: {accounts: 10, rate: 20, check_rate: 10, split_transfers: \(split)}
                method:
                  - wait: 8s
                hypotheses:
                  - invariant.bank_total
                  - invariant.transfers_exactly_once
                  - bank.transfers.ok > 50
                """
            let runs = NSTemporaryDirectory() + "chaos-bank-runs-\(UUID().uuidString)"
            try FileManager.default.createDirectory(atPath: runs, withIntermediateDirectories: true)
            let file = runs + "/bank.yaml"
            try text.write(toFile: file, atomically: true, encoding: .utf8)
            let loaded = ScenarioLoader(capabilities: .detectLocalKernel()).load(text: text, file: file)
            let scenario = try #require(loaded.scenario, "\(loaded.diagnostics)")
            return try RunEngine(platform: lab, runsDirectory: runs).run(scenario)
        }

        @Test(.timeLimit(.minutes(4))) func theRealClientKeepsTheTotalAndThePlantedOneIsCaught() throws {
            let lock = LabTestLock()
            defer { withExtendedLifetime(lock) {} }
            try LabSupport.ensureHealthy(lab)

            let real = try bankRun(split: false)
            defer { try? FileManager.default.removeItem(atPath: URL(fileURLWithPath: real.directory).deletingLastPathComponent().path) }
            let bank = try #require(real.record.results?.bank)
            #expect(bank.bankTotal.holds, "\(bank.bankTotal.violations)")
            #expect(bank.transfersExactlyOnce?.holds == true, "\(String(describing: bank.transfersExactlyOnce))")
            #expect(bank.checksOK > 100 && bank.transfersOK > 50, "\(bank)")
            #expect(real.record.verdict == .passed, "\(real.record.reason ?? "")")
            let csv = try String(contentsOfFile: real.directory + "/bank.csv", encoding: .utf8)
            #expect(try BankLog.records(fromCSV: csv).count == bank.transfersOK + bank.transfersDeclined + bank.transfersFailed
                        + bank.transfersAmbiguous + bank.checksOK + bank.checksFailed)

            let planted = try bankRun(split: true)
            defer { try? FileManager.default.removeItem(atPath: URL(fileURLWithPath: planted.directory).deletingLastPathComponent().path) }
            let caught = try #require(planted.record.results?.bank)
            #expect(!caught.bankTotal.holds, "a reader between the debit and the credit sees money missing")
            #expect(caught.bankTotal.violations.first?.contains("saw a total of") == true, "\(caught.bankTotal.violations)")
            #expect(planted.record.verdict == .failed)
            let summary = try String(contentsOfFile: planted.directory + "/summary.md", encoding: .utf8)
            #expect(summary.contains("| bank total | NO"), "\(summary)")
            try LabSupport.expectNoFaultLeft(lab)
        }
    }
}
