// The promise of the fault journal: the runner is SIGKILLed while a fault is in effect, and `chaos recover`
// still leaves no iptables rule, no qdisc, no stopped or missing process, and a healthy cluster. The test
// reads the kernel's state itself (iptables -S, tc qdisc show, /proc/PID/stat), not the journal.

import ChaosKit
import Foundation
import Testing

extension LabSuite {
    @Suite(.serialized) struct FaultCrashRecoveryTests {
        let lab = LabSupport.controller()

        static let chaosBinary = LabSupport.chaosBinary

        /// Every healable kind, and a restart (one-shot, but journaled while it runs).
        static let faults: [[String]] = LabSupport.healableFaults + [["restart", "--target", "replica", "--set", "service=patroni"]]

        @Test(arguments: faults)
        func recoverUndoesWhatAKilledRunnerLeft(_ fault: [String]) throws {
            let lock = LabTestLock()
            defer { withExtendedLifetime(lock) {} }
            try LabSupport.ensureHealthy(lab)
            let journal = FaultJournal(stateDirectory: lab.layout.stateDirectory)

            // The runner holds the fault for a minute; we kill it with SIGKILL as soon as the fault is in effect.
            let runner = Process()
            runner.executableURL = URL(fileURLWithPath: Self.chaosBinary)
            runner.arguments = ["fault", "inject"] + fault + ["--duration", "60s", "--wait"]
            runner.environment = LabSupport.environment
            runner.standardOutput = FileHandle.nullDevice
            try runner.run()
            var inEffect = false
            for _ in 0..<200 where !inEffect {
                usleep(100_000)
                inEffect = (try? journal.unhealed().isEmpty == false) ?? false
            }
            // A restart is journaled only while it runs (stop, then start): the runner may be killed in the middle
            // or just after; every other kind stays in effect until healed.
            #expect(inEffect || fault[0] == "restart", "the fault never showed up in the journal")
            usleep(1_000_000)
            kill(runner.processIdentifier, SIGKILL)
            runner.waitUntilExit()
            // A restart may have finished (the runner exits 0) before the kill landed.
            #expect(runner.terminationReason == .uncaughtSignal || fault[0] == "restart")

            let recover = LabSupport.runner.run([Self.chaosBinary, "recover"], environment: LabSupport.environment, timeout: .seconds(120))
            #expect(recover.succeeded, "chaos recover failed: \(recover.standardOutput) \(recover.standardError)")
            #expect(!recover.standardOutput.contains("intervention"), "the cluster needed a hand: \(recover.standardOutput)")

            try LabSupport.expectNoFaultLeft(lab)
            #expect(try journal.unhealed().isEmpty)
        }
    }
}
