// Fault plans against a synthetic cluster: targets by role, the exact rules added and how they are undone.

import Foundation
import Testing
@testable import ChaosKit

@Suite struct FaultPlanningTests {
    static let roles = ClusterRoles(
        leader: "pg1", replicas: ["pg2", "pg3"], syncStandbys: [], etcdLeader: "etcd2", etcdFollowers: ["etcd1", "etcd3"],
        etcd: ["etcd1", "etcd2", "etcd3"], postgres: ["pg1", "pg2", "pg3"], pgpool: ["pgpool"])

    static func inventory() -> Inventory {
        func node(_ name: String, _ kind: NodeKind, _ address: String, _ services: [ServiceKind]) -> Inventory.Node {
            Inventory.Node(
                name: name, kind: kind, namespace: "chaos-\(name)", address: address, hostInterface: "chv-\(name)", ports: [:],
                directory: "/tmp/\(name)",
                services: services.map { Inventory.Service(kind: $0, user: "postgres", pid: nil, pidFile: "", logFile: "", command: $0 == .postgres ? [] : ["run"]) })
        }
        return Inventory(
            platform: "test", scope: "chaos", stateDirectory: "/tmp", credentialsFile: "/tmp/c",
            network: .init(bridge: "br", subnet: "10.203.0.0/24", hostAddress: "10.203.0.1"), profile: ClusterRequirements(),
            nodes: [
                node("etcd1", .etcd, "10.203.0.11", [.etcd]), node("etcd2", .etcd, "10.203.0.12", [.etcd]),
                node("etcd3", .etcd, "10.203.0.13", [.etcd]),
                node("pg1", .postgres, "10.203.0.21", [.patroni, .postgres, .exporter]),
                node("pg2", .postgres, "10.203.0.22", [.patroni, .postgres, .exporter]),
                node("pg3", .postgres, "10.203.0.23", [.patroni, .postgres, .exporter]),
                node("pgpool", .pgpool, "10.203.0.30", [.pgpool]),
            ], createdAt: "t")
    }

    func plan(_ yaml: String, seed: UInt64 = 1) throws -> FaultPlan {
        let text = "title: t\nmethod:\n  - " + yaml.replacingOccurrences(of: "\n", with: "\n    ")
        let scenario = try #require(ScenarioLoader(capabilities: .everything).load(text: text, file: "t.yaml").scenario)
        guard case .fault(let invocation) = scenario.method[0].action else { throw FaultError("not a fault") }
        let kind = try #require(FaultRegistry.kind(named: invocation.kind))
        return try kind.plan(FaultRequest(invocation: invocation, roles: Self.roles, inventory: Self.inventory(), id: "f-1", generator: SeededGenerator(seed: seed)))
    }

    @Test func killPrimaryCrashesTheLeaderNodeAndRestartsItsServices() throws {
        let plan = try plan("fault: kill\ntarget: primary")
        #expect(plan.targets == ["pg1 (primary)"])
        #expect(plan.operations == [.signalNode(node: "pg1", signal: 9)])
        #expect(plan.undo == [.startService(node: "pg1", service: "patroni"), .startService(node: "pg1", service: "exporter")])
    }

    @Test func sigtermToPatroniOnlyTouchesPatroni() throws {
        let plan = try plan("fault: kill\ntarget: pg2\nservice: patroni\nsignal: SIGTERM")
        #expect(plan.operations == [.signalService(node: "pg2", service: .patroni, signal: 15)])
        #expect(plan.undo == [.startService(node: "pg2", service: "patroni")])
    }

    @Test func zombiePrimaryPartitionCutsPeersButNotClients() throws {
        let plan = try plan("fault: partition\ngroups: [[primary], [replica, etcd]]")
        let rules = plan.operations.compactMap { op -> String? in
            guard case .addIptablesRule(let node, let chain, let rule) = op else { return nil }
            return "\(node) \(chain) \(rule.prefix(2).joined(separator: " "))"
        }
        // pg1 against 5 peers both ways, and each peer against pg1 both ways; the host and PgPool-II are never named.
        #expect(rules.count == 20)
        #expect(rules.contains("pg1 INPUT -s 10.203.0.22"))
        #expect(rules.contains("etcd2 OUTPUT -d 10.203.0.21"))
        #expect(!rules.contains { $0.contains("10.203.0.1 ") || $0.contains("10.203.0.30") })
        #expect(plan.undo.count == plan.operations.count)
        #expect(plan.operations.allSatisfy { op in
            if case .addIptablesRule(_, _, let rule) = op { return rule.suffix(2) == ["--comment", "chaos-fault:f-1"] }
            return false
        })
    }

    @Test func undoDeletesExactlyTheRulesAdded() throws {
        let plan = try plan("fault: packet_loss\ntarget: all of replica\npercent: 30")
        for (operation, undo) in zip(plan.operations, plan.undo) {
            guard case .addIptablesRule(let node, let chain, let rule) = operation else { Issue.record("not a rule"); continue }
            #expect(undo == .deleteIptablesRule(node: node, chain: chain, rule: rule))
            #expect(rule.contains("0.3000"))
        }
        #expect(plan.targets == ["pg2 (replica)", "pg3 (replica)"])
    }

    @Test func randomPicksRepeatForTheSameSeed() throws {
        let first = try plan("fault: pause\ntarget: replica", seed: 42).targets
        let again = try plan("fault: pause\ntarget: replica", seed: 42).targets
        #expect(first == again)
        let picks = Set((0..<20).map { try? plan("fault: pause\ntarget: replica", seed: $0).targets })
        #expect(picks.count == 2)
    }

    @Test func quorumLossTakesTwoEtcdMembers() throws {
        let plan = try plan("fault: kill\ntarget: 2 of etcd")
        #expect(plan.operations.count == 2)
    }

    @Test func missingRoleIsAClearError() {
        var generator = SeededGenerator(seed: 1)
        #expect(throws: FaultError.self) { try Self.roles.resolve(TargetSelector(.syncStandby), using: &generator) }
    }

    @Test func switchoverNeedsNoUndo() throws {
        let plan = try plan("fault: switchover\nto: pg3")
        #expect(plan.undo.isEmpty)
        #expect(!plan.isHealable)
        #expect(plan.operations == [.patroniRequest(node: "pg1", method: "POST", path: "/switchover", body: "{\"leader\": \"pg1\", \"candidate\": \"pg3\"}")])
    }
}
