// The promise of the fault journal: the runner is SIGKILLed while a fault is in effect, and `chaos recover`
// still leaves no iptables rule, no qdisc, no stopped or missing process, and a healthy cluster. The test
// reads the kernel's state itself (iptables -S, tc qdisc show, /proc/PID/stat), not the journal.

import ChaosKit
import Foundation
import Testing

extension LabSuite {
    @Suite(.serialized) struct FaultCrashRecoveryTests {
        let lab = LabSupport.controller()

        static let chaosBinary: String = {
            URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
                .appendingPathComponent(".build/debug/chaos").path
        }()

        static let faults: [[String]] = [
            ["kill", "--target", "replica"],
            ["pause", "--target", "primary"],
            ["isolate", "--target", "etcd_follower"],
            ["partition", "--set", "groups=[[primary], [replica, etcd]]"],
            ["packet_loss", "--target", "all of replica", "--set", "percent=50"],
            ["bandwidth", "--target", "replica", "--set", "rate=1mbit"],
        ]

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
            #expect(inEffect, "the fault never showed up in the journal")
            usleep(1_000_000)
            kill(runner.processIdentifier, SIGKILL)
            runner.waitUntilExit()
            #expect(runner.terminationReason == .uncaughtSignal)

            let recover = LabSupport.runner.run([Self.chaosBinary, "recover"], environment: LabSupport.environment, timeout: .seconds(120))
            #expect(recover.succeeded, "chaos recover failed: \(recover.standardOutput) \(recover.standardError)")

            let inventory = try #require(lab.inventory())
            for node in inventory.nodes {
                let rules = LabSupport.runner.run(["ip", "netns", "exec", node.namespace, "iptables", "-w", "5", "-S"]).standardOutput
                #expect(!rules.contains("chaos-fault"), "\(node.name) still has fault rules: \(rules)")
                #expect(!rules.contains("DROP") || rules.split(separator: "\n").allSatisfy { $0.hasPrefix("-P") }, "\(node.name): \(rules)")
                let qdisc = LabSupport.runner.run(["ip", "netns", "exec", node.namespace, "tc", "qdisc", "show", "dev", "eth0"]).standardOutput
                #expect(!qdisc.contains("tbf") && !qdisc.contains("netem"), "\(node.name) still has a fault qdisc: \(qdisc)")
            }
            _ = try lab.waitUntilHealthy(timeout: .seconds(150))
            let fresh = try #require(lab.inventory())
            for node in fresh.nodes {
                for service in node.services where !service.command.isEmpty {
                    let pid = try #require(try lab.control.pid(of: service.kind, on: node.name), "\(service.kind) on \(node.name) is not running")
                    let state = ProcessTable.state(of: pid)
                    #expect(state != nil && state != "T" && state != "Z", "\(service.kind) on \(node.name) is in state \(String(describing: state))")
                }
            }
            #expect(try journal.unhealed().isEmpty)
        }
    }
}
