// Every fault kind on the real lab: inject → the effect is seen from outside → heal → the effect is gone
// and the cluster is healthy again. Needs root and the lab's packages.

import ChaosKit
import Foundation
import Testing

extension LabSuite {
    @Suite(.serialized) struct FaultLabTests {
        let lab = LabSupport.controller()

        /// Brings the lab up healthy (journal clean) and returns an injector on it.
        func ready() throws -> FaultInjector {
            try LabSupport.ensureHealthy(lab)
            return try FaultInjector.forPlatform(lab, runID: "test")
        }

        func fault(_ yaml: String) throws -> KindInvocation {
            let lines = yaml.split(separator: "\n").map { line -> (String, String) in
                let parts = line.split(separator: ":", maxSplits: 1).map { $0.trimmingCharacters(in: .whitespaces) }
                return (parts[0], parts.count > 1 ? parts[1] : "")
            }
            let kind = lines[0].1
            return try ScenarioLoader(capabilities: .detectLocalKernel())
                .faultInvocation(kind: kind, parameters: lines.dropFirst().map { (key: $0.0, value: $0.1) }).get()
        }

        func healAndExpectHealthy(_ injector: FaultInjector, _ injected: InjectedFault) throws {
            let report = injector.heal(injected)
            #expect(report.healed, "heal failed: \(report.steps.map { "\($0.action): \($0.outcome)" })")
            let status = try lab.waitUntilHealthy(timeout: .seconds(150))
            #expect(status.healthy)
            #expect(try injector.journal.unhealed().isEmpty)
        }

        func tcpOpen(_ address: String, _ port: Int, from namespace: String? = nil) -> Bool {
            let probe = ["bash", "-c", "exec 3<>/dev/tcp/\(address)/\(port)"]
            let command = namespace.map { ["ip", "netns", "exec", $0, "timeout", "-s", "KILL", "2"] + probe } ?? ["timeout", "-s", "KILL", "2"] + probe
            return LabSupport.runner.run(command, timeout: .seconds(5)).succeeded
        }

        @Test func killPrimaryMovesTheLeaderAndHealRejoinsIt() throws {
            let lock = LabTestLock()
            defer { withExtendedLifetime(lock) {} }
            let injector = try ready()
            let before = try #require(lab.status().leader)
            let injected = try injector.inject(try fault("kind: kill\ntarget: primary"), seed: 1)
            #expect(injected.plan.targets == ["\(before) (primary)"])
            var after: String?
            for _ in 0..<120 where after == nil || after == before {
                usleep(500_000)
                after = lab.status().leader
            }
            #expect(after != nil && after != before, "no new leader after killing \(before)")
            try healAndExpectHealthy(injector, injected)
            #expect(lab.status().nodes.first { $0.name == before }?.state == "streaming")
        }

        @Test func pauseFreezesAndResumeThaws() throws {
            let lock = LabTestLock()
            defer { withExtendedLifetime(lock) {} }
            let injector = try ready()
            let injected = try injector.inject(try fault("kind: pause\ntarget: replica"), seed: 2)
            let node = try #require(injected.plan.targets.first?.split(separator: " ").first.map(String.init))
            let pid = try #require(try lab.control.pid(of: .patroni, on: node))
            #expect(ProcessTable.state(of: pid) == "T", "patroni on \(node) is not stopped")
            try healAndExpectHealthy(injector, injected)
            #expect(ProcessTable.state(of: pid) != "T")
        }

        @Test func stopAndRestartAService() throws {
            let lock = LabTestLock()
            defer { withExtendedLifetime(lock) {} }
            let injector = try ready()
            let pgpool = try #require(lab.inventory()?.node("pgpool"))
            let stopped = try injector.inject(try fault("kind: stop\ntarget: pgpool"), seed: 3)
            #expect(!tcpOpen(pgpool.address, 9999))
            try healAndExpectHealthy(injector, stopped)
            #expect(tcpOpen(pgpool.address, 9999))
            let oldPID = try lab.control.pid(of: .pgpool, on: "pgpool")
            let restarted = try injector.inject(try fault("kind: restart\ntarget: pgpool"), seed: 3)
            #expect(!restarted.plan.isHealable)
            #expect(try lab.control.pid(of: .pgpool, on: "pgpool") != oldPID)
            _ = try lab.waitUntilHealthy(timeout: .seconds(120))
        }

        @Test func isolateCutsANodeFromClientsAndPeers() throws {
            let lock = LabTestLock()
            defer { withExtendedLifetime(lock) {} }
            let injector = try ready()
            let injected = try injector.inject(try fault("kind: isolate\ntarget: etcd_follower"), seed: 4)
            let name = try #require(injected.plan.targets.first?.split(separator: " ").first.map(String.init))
            let node = try #require(lab.inventory()?.node(name))
            #expect(!tcpOpen(node.address, 2379), "the host still reaches isolated \(name)")
            try healAndExpectHealthy(injector, injected)
            #expect(tcpOpen(node.address, 2379))
        }

        @Test func partitionCutsPeersButClientsStillReachBothSides() throws {
            let lock = LabTestLock()
            defer { withExtendedLifetime(lock) {} }
            let injector = try ready()
            let inventory = try #require(lab.inventory())
            let etcd1 = try #require(inventory.node("etcd1"))
            let etcd2 = try #require(inventory.node("etcd2"))
            let injected = try injector.inject(try fault("kind: partition\ngroups: [[etcd1], [etcd2]]"), seed: 5)
            #expect(!tcpOpen(etcd2.address, 2379, from: etcd1.namespace), "etcd1 still reaches etcd2")
            #expect(tcpOpen(etcd1.address, 2379) && tcpOpen(etcd2.address, 2379), "the host must still reach both sides")
            try healAndExpectHealthy(injector, injected)
            #expect(tcpOpen(etcd2.address, 2379, from: etcd1.namespace))
        }

        @Test func dropIsOneWayAtTheReceiver() throws {
            let lock = LabTestLock()
            defer { withExtendedLifetime(lock) {} }
            let injector = try ready()
            let inventory = try #require(lab.inventory())
            let etcd1 = try #require(inventory.node("etcd1"))
            let etcd3 = try #require(inventory.node("etcd3"))
            let injected = try injector.inject(try fault("kind: drop\nfrom: etcd1\nto: etcd3"), seed: 6)
            #expect(!tcpOpen(etcd3.address, 2379, from: etcd1.namespace))
            let rules = try lab.control.execute(in: "etcd3", ["iptables", "-S", "INPUT"], timeout: .seconds(5)).standardOutput
            #expect(rules.contains("-s \(etcd1.address)/32") && rules.contains("chaos-fault:\(injected.id)"))
            let other = try lab.control.execute(in: "etcd1", ["iptables", "-S", "INPUT"], timeout: .seconds(5)).standardOutput
            #expect(!other.contains("chaos-fault"), "the sender must carry no rule")
            try healAndExpectHealthy(injector, injected)
        }

        @Test func packetLossDropsPacketsAtRandom() throws {
            let lock = LabTestLock()
            defer { withExtendedLifetime(lock) {} }
            let injector = try ready()
            let injected = try injector.inject(try fault("kind: packet_loss\ntarget: etcd3\npercent: 100"), seed: 7)
            let etcd3 = try #require(lab.inventory()?.node("etcd3"))
            #expect(!tcpOpen(etcd3.address, 2379), "100 % loss still lets a connection through")
            let rules = try lab.control.execute(in: "etcd3", ["iptables", "-S", "INPUT"], timeout: .seconds(5)).standardOutput
            #expect(rules.contains("--mode random --probability 1"))
            try healAndExpectHealthy(injector, injected)
            #expect(tcpOpen(etcd3.address, 2379))
        }

        @Test func bandwidthSlowsAReplica() throws {
            let lock = LabTestLock()
            defer { withExtendedLifetime(lock) {} }
            let injector = try ready()
            let credentials = try #require(lab.credentials())
            let inventory = try #require(lab.inventory())
            let leader = try #require(lab.status().leader)
            let replica = try #require(inventory.nodes(.postgres).first { $0.name != leader })
            func fetchSeconds() -> Double {
                let start = Date()
                _ = LabSupport.psql(host: replica.address, port: 5432, user: credentials.appUser, password: credentials.appPassword,
                                    database: credentials.appDatabase, sql: "select repeat('x', 400000)")
                return Date().timeIntervalSince(start)
            }
            let injected = try injector.inject(try fault("kind: bandwidth\ntarget: \(replica.name)\nrate: 1mbit"), seed: 8)
            let slow = fetchSeconds()
            #expect(slow > 2, "400 kB at 1 mbit/s took only \(slow) s")
            try healAndExpectHealthy(injector, injected)
            #expect(fetchSeconds() < 1.5)
        }

        static var kernelLacksNetem: Bool {
            if case .supported = PlatformCapabilities.detectLocalKernel().availability(of: .netem) { return false }
            return true
        }

        @Test(.enabled(if: kernelLacksNetem, "this kernel has netem: there is no refusal to check"))
        func netemIsRefusedClearlyAndLeavesNothing() throws {
            let lock = LabTestLock()
            defer { withExtendedLifetime(lock) {} }
            let injector = try ready()
            let invocation = try ScenarioLoader(capabilities: .everything).faultInvocation(
                kind: "latency", parameters: [(key: "target", value: "replica"), (key: "delay", value: "100ms")]).get()
            #expect(throws: FaultError.self) { try injector.inject(invocation, seed: 9) }
            #expect(try injector.journal.unhealed().isEmpty)
            for node in try #require(lab.inventory()).nodes {
                let qdisc = try lab.control.execute(in: node.name, ["tc", "qdisc", "show", "dev", "eth0"], timeout: .seconds(5)).standardOutput
                #expect(!qdisc.contains("netem"))
            }
        }

        @Test func switchoverAndFailoverMoveTheLeader() throws {
            let lock = LabTestLock()
            defer { withExtendedLifetime(lock) {} }
            let injector = try ready()
            for kind in ["switchover", "failover"] {
                let before = try #require(lab.status().leader)
                let candidate = try #require(lab.inventory()?.nodes(.postgres).map(\.name).first { $0 != before })
                let done = try injector.inject(try fault("kind: \(kind)\nto: \(candidate)"), seed: 10)
                #expect(!done.plan.isHealable)
                var leader: String?
                for _ in 0..<120 where leader != candidate {
                    usleep(500_000)
                    leader = lab.status().leader
                }
                #expect(leader == candidate, "\(kind) to \(candidate) did not happen")
                _ = try lab.waitUntilHealthy(timeout: .seconds(150))
            }
        }

        @Test func patroniPauseAndPgpoolDetach() throws {
            let lock = LabTestLock()
            defer { withExtendedLifetime(lock) {} }
            let injector = try ready()
            let inventory = try #require(lab.inventory())
            let member = try #require(inventory.nodes(.postgres).first)
            func paused() -> Bool {
                LabSupport.runner.run(["curl", "-sf", "--max-time", "2", "http://\(member.address):8008/config"], timeout: .seconds(5))
                    .standardOutput.contains("\"pause\": true")
            }
            // The PATCH goes to the leader; another member reads the configuration from etcd in its next loop.
            func becomes(_ wanted: Bool) -> Bool {
                for _ in 0..<50 {
                    if paused() == wanted { return true }
                    usleep(200_000)
                }
                return false
            }
            let pause = try injector.inject(try fault("kind: patroni_pause"), seed: 11)
            #expect(becomes(true), "\(member.name) never showed the cluster paused")
            try healAndExpectHealthy(injector, pause)
            #expect(becomes(false), "\(member.name) still shows the cluster paused after the heal")

            let leader = try #require(lab.status().leader)
            let replica = try #require(inventory.nodes(.postgres).first { $0.name != leader })
            let credentials = try #require(lab.credentials())
            let probe = PgPoolProbe(dsn: RunEndpoints(inventory: inventory, credentials: credentials).dsn(for: .pgpool),
                                    timeoutNs: 3_000_000_000)
            func poolNode() -> PgPoolNode? { (try? probe.poolNodes())?.first { $0.hostname == replica.address } }
            let changedBefore = try #require(poolNode()?.lastStatusChange)
            let detach = try injector.inject(try fault("kind: pgpool_detach\ntarget: \(replica.name)"), seed: 12)
            // PgPool-II's auto_failback re-attaches a healthy streaming replica within a second or two, sometimes before
            // a poll can see it down; the status-change time it stamps on the node shows the detach either way.
            var seen: PgPoolNode?
            for _ in 0..<50 {
                seen = poolNode()
                if let node = seen, node.status == "down" || node.lastStatusChange != changedBefore { break }
                usleep(200_000)
            }
            #expect(seen.map { $0.status == "down" || $0.lastStatusChange != changedBefore } == true,
                    "PgPool-II never showed \(replica.name) detached: \(seen.map { "\($0)" } ?? "no row"), last change before: \(changedBefore)")
            try healAndExpectHealthy(injector, detach)
        }
    }
}
