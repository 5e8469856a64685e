// A run cut short must leave nothing behind: SIGINT, SIGTERM and SIGHUP (an ssh session dropping) in the
// middle of a partition heal it and exit 3, a second signal while healing only says to wait, a stop condition
// fires on time even while the method is blocked, and an undo that fails leaves its fault journaled, the step
// failed and the verdict ABORTED — until `chaos recover` undoes it. The kernel is read, not the journal.

import ChaosKit
import Foundation
import Testing

extension LabSuite {
    @Suite(.serialized) struct RunInterruptionLabTests {
        let lab = LabSupport.controller()

        /// A short scenario around `method` (YAML list items, indented by two): a light workload, no cool-down.
        static func scenario(_ title: String, method: String, tail: String = "") -> String {
            "title: \(title)\nworkload: {warmup: 1s, cooldown: 0s, rate: 20}\nmethod:\n" + method + tail
        }

        /// The zombie-primary partition, as the first step of a method.
        static let cut = "  - name: cut\n    fault: partition\n    groups: [[primary], [replica, etcd]]\n"

        /// A scenario that holds a zombie-primary partition for a minute: only an interruption ends it early.
        static let heldPartition = scenario("held partition", method: cut + "  - wait: 60s\n")

        func write(_ text: String) throws -> String {
            let file = NSTemporaryDirectory() + "chaos-scenario-\(UUID().uuidString).yaml"
            try text.write(toFile: file, atomically: true, encoding: .utf8)
            return file
        }

        func ruleCount() throws -> Int {
            try #require(lab.inventory()).nodes.map { node in
                LabSupport.runner.run(["ip", "netns", "exec", node.namespace, "iptables", "-w", "5", "-S"]).standardOutput
                    .components(separatedBy: "chaos-fault").count - 1
            }.reduce(0, +)
        }

        @Test(arguments: [[SIGINT], [SIGTERM], [SIGHUP], [SIGINT, SIGINT]])
        func aSignalMidPartitionHealsAndExitsThree(_ signals: [Int32]) throws {
            let lock = LabTestLock()
            defer { withExtendedLifetime(lock) {} }
            try LabSupport.ensureHealthy(lab)
            let file = try write(Self.heldPartition)
            let runs = NSTemporaryDirectory() + "chaos-runs-\(UUID().uuidString)"
            defer { try? FileManager.default.removeItem(atPath: file); try? FileManager.default.removeItem(atPath: runs) }
            let run = Process()
            run.executableURL = URL(fileURLWithPath: LabSupport.chaosBinary)
            run.arguments = ["run", file, "--runs-directory", runs]
            run.environment = LabSupport.environment
            let errors = Pipe()
            run.standardError = errors
            run.standardOutput = FileHandle.nullDevice
            try run.run()
            let journal = FaultJournal(stateDirectory: lab.layout.stateDirectory)
            var inEffect = false
            for _ in 0..<300 where !inEffect {
                usleep(100_000)
                inEffect = (try? journal.unhealed().isEmpty == false) ?? false
            }
            #expect(inEffect, "the partition never showed up in the journal")
            usleep(500_000)
            #expect(try ruleCount() > 0, "the partition put no rule in place")
            let sent = ContinuousClock.now
            for signal in signals {
                kill(run.processIdentifier, signal)
                usleep(150_000)
            }
            let stderr = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
            run.waitUntilExit()
            #expect(run.terminationReason == .exit && run.terminationStatus == 3, "\(run.terminationReason) \(run.terminationStatus): \(stderr)")
            #expect(ContinuousClock.now - sent < .seconds(45), "the run did not stop early")
            #expect(try ruleCount() == 0, "a partition rule outlived the interrupted run")
            #expect(try journal.unhealed().isEmpty)
            if signals.count > 1 { #expect(stderr.contains("healing, please wait"), "\(stderr)") }
            try LabSupport.expectNoFaultLeft(lab)
        }

        @Test func aStopConditionFiresWhileTheMethodIsBlocked() throws {
            let lock = LabTestLock()
            defer { withExtendedLifetime(lock) {} }
            try LabSupport.ensureHealthy(lab)
            // The shell probe blocks the method for 50 s; the stop condition must not wait for it.
            let text = Self.scenario(
                "stop condition", method: "  - name: freeze\n    fault: pause\n    target: etcd_follower\n"
                    + "  - name: block\n    probe: shell\n    command: sleep 50\n",
                tail: "abort_when:\n  - elapsed > 3s\n")
            let file = try write(text)
            defer { try? FileManager.default.removeItem(atPath: file) }
            let scenario = try #require(ScenarioLoader(capabilities: .detectLocalKernel()).load(fileAt: file).scenario)
            let runs = NSTemporaryDirectory() + "chaos-runs-\(UUID().uuidString)"
            defer { try? FileManager.default.removeItem(atPath: runs) }
            let started = ContinuousClock.now
            let outcome = try RunEngine(platform: lab, runsDirectory: runs).run(scenario, seed: 5)
            #expect(outcome.record.verdict == .aborted)
            #expect(outcome.record.reason?.contains("elapsed") == true, "\(outcome.record.reason ?? "")")
            #expect(ContinuousClock.now - started < .seconds(30), "the shell probe was waited out")
            let heal = outcome.record.steps.first { $0.name == "heal-freeze" }
            #expect(heal?.outcome == "ok")
            #expect(outcome.record.steps.first { $0.name == "block" }?.outcome == "interrupted")
            try LabSupport.expectNoFaultLeft(lab)
        }

        @Test func aFailedUndoStaysJournaledFailsTheStepAndAbortsTheRun() throws {
            let lock = LabTestLock()
            defer { withExtendedLifetime(lock) {} }
            try LabSupport.ensureHealthy(lab)
            let inventoryFile = lab.layout.inventoryFile
            let good = try String(contentsOfFile: inventoryFile, encoding: .utf8)
            defer { try? good.write(toFile: inventoryFile, atomically: true, encoding: .utf8) }
            // While the partition holds, the inventory becomes unreadable: the heal cannot know the nodes'
            // namespaces, so it must fail rather than count the rules as gone.
            let text = Self.scenario(
                "failed undo",
                method: Self.cut
                    + "  - name: spoil\n    action: shell\n    command: \"cp \(inventoryFile) \(inventoryFile).good && echo '{not json' > \(inventoryFile)\"\n"
                    + "  - name: undo\n    heal: cut\n"
                    + "  - name: mend\n    action: shell\n    command: \"mv \(inventoryFile).good \(inventoryFile)\"\n")
            let file = try write(text)
            defer { try? FileManager.default.removeItem(atPath: file) }
            let scenario = try #require(ScenarioLoader(capabilities: .detectLocalKernel()).load(fileAt: file).scenario)
            let runs = NSTemporaryDirectory() + "chaos-runs-\(UUID().uuidString)"
            defer { try? FileManager.default.removeItem(atPath: runs) }
            let outcome = try RunEngine(platform: lab, runsDirectory: runs).run(scenario, seed: 6)
            try good.write(toFile: inventoryFile, atomically: true, encoding: .utf8)
            try? FileManager.default.removeItem(atPath: inventoryFile + ".good")
            #expect(outcome.exitCode == 3)
            #expect(outcome.record.verdict == .aborted)
            #expect(outcome.record.reason?.contains("faults left in effect") == true, "\(outcome.record.reason ?? "")")
            #expect(outcome.record.steps.first { $0.name == "undo" }?.outcome == "failed",
                    "\(outcome.record.steps.map { "\($0.name): \($0.outcome)" })")
            let journal = FaultJournal(stateDirectory: lab.layout.stateDirectory)
            #expect(try journal.unhealed().count == 1)
            #expect(try ruleCount() > 0, "the rules should still be there: the undo failed")
            // recover retries it, now that the inventory reads.
            let recover = LabSupport.runner.run([LabSupport.chaosBinary, "recover"], environment: LabSupport.environment, timeout: .seconds(150))
            #expect(recover.succeeded, "\(recover.standardOutput) \(recover.standardError)")
            #expect(try ruleCount() == 0)
            try LabSupport.expectNoFaultLeft(lab)
        }
    }
}
