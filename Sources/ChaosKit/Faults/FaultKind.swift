// The shape every fault kind implements: turn a checked step into a plan against the cluster as it is now.
// One file per kind; the registry below lists them.

import Foundation

/// A fault kind: works out what to change and how to undo it, changing nothing itself.
protocol FaultKind: Sendable {
    /// The kind names (as in the catalog) this type plans.
    var names: [String] { get }
    /// The plan for one injection.
    func plan(_ request: FaultRequest) throws(FaultError) -> FaultPlan
}

/// Everything a fault kind needs to plan one injection.
final class FaultRequest {
    /// The checked step.
    let invocation: KindInvocation
    /// Roles at fire time.
    let roles: ClusterRoles
    /// The cluster's nodes and addresses.
    let inventory: Inventory
    /// The fault's journal id (also tags its iptables rules).
    let id: String
    private var generator: SeededGenerator

    init(invocation: KindInvocation, roles: ClusterRoles, inventory: Inventory, id: String, generator: SeededGenerator) {
        self.invocation = invocation
        self.roles = roles
        self.inventory = inventory
        self.id = id
        self.generator = generator
    }

    /// The nodes a target parameter names now.
    func targets(_ key: String = "target") throws(FaultError) -> [String] {
        guard let selector = invocation.parameters[key]?.targetValue else {
            throw FaultError("\(invocation.kind) needs '\(key)'")
        }
        return try roles.resolve(selector, using: &generator)
    }

    /// Each group of a `groups` parameter, resolved (a bare role means all its nodes); a node named by an earlier
    /// group is left out of later ones.
    func groups() throws(FaultError) -> [[String]] {
        guard case .targetGroups(let groups) = invocation.parameters["groups"] else {
            throw FaultError("\(invocation.kind) needs 'groups'")
        }
        var seen: Set<String> = []
        var result: [[String]] = []
        for group in groups {
            var nodes: [String] = []
            for written in group {
                // In a group a role means every node that has it: [replica, etcd] is all replicas and all etcd.
                let selector = written.count == .one ? TargetSelector(written.role, count: .all) : written
                for node in try roles.resolve(selector, using: &generator) where !seen.contains(node) {
                    seen.insert(node)
                    nodes.append(node)
                }
            }
            guard !nodes.isEmpty else { throw FaultError("partition group \(group.map(\.description)) names no node that is not already in another group") }
            result.append(nodes)
        }
        return result
    }

    /// The node's inventory entry.
    func node(_ name: String) throws(FaultError) -> Inventory.Node {
        guard let node = inventory.node(name) else { throw FaultError("no node named \(name) in the inventory") }
        return node
    }

    /// `pg2 (primary)`: a node with the role it had when the fault fired.
    func label(_ name: String) -> String {
        var role: String
        if name == roles.leader { role = "primary" }
        else if roles.syncStandbys.contains(name) { role = "sync_standby" }
        else if roles.replicas.contains(name) { role = "replica" }
        else if name == roles.etcdLeader { role = "etcd_leader" }
        else if roles.etcdFollowers.contains(name) { role = "etcd_follower" }
        else if roles.pgpool.contains(name) { role = "pgpool" }
        else { role = "unreachable" }
        return "\(name) (\(role))"
    }

    /// The services a `service` parameter means on a node: every startable service for `node`.
    func services(on node: Inventory.Node) throws(FaultError) -> [ServiceKind] {
        let word = invocation.parameters["service"]?.stringValue ?? "node"
        if word == "node" { return node.services.filter { !$0.command.isEmpty }.map(\.kind) }
        guard let kind = ServiceKind(rawValue: word), node.service(kind) != nil else {
            throw FaultError("node \(node.name) has no \(word) service", hint: "it runs: \(node.services.map(\.kind.rawValue).joined(separator: ", "))")
        }
        return [kind]
    }

    /// Undo for services a fault stops: start each again (PostgreSQL is started through its Patroni).
    func startAgain(_ services: [ServiceKind], on node: String) -> [UndoAction] {
        services.map { .startService(node: node, service: ($0 == .postgres ? ServiceKind.patroni : $0).rawValue) }
    }

    /// The interface that carries a node's cluster traffic (`eth0` in the lab and the Compose stack).
    func interface(of name: String) -> String { inventory.node(name)?.trafficInterface ?? "eth0" }

    /// Rules that drop everything `match` selects on a node's interface — `-i` for INPUT, `-o` for OUTPUT —
    /// except the SSH connection chaos controls the node through, when it has one: that must stay open, or
    /// the fault could never be healed.
    func dropRules(on name: String, chain: String, match: [String] = []) -> [(node: String, chain: String, rule: [String])] {
        let side = chain == "INPUT" ? ["-i", interface(of: name)] : ["-o", interface(of: name)]
        guard let port = inventory.node(name)?.controlPort else { return [(name, chain, side + match + ["-j", "DROP"])] }
        let portMatch = chain == "INPUT" ? "--dport" : "--sport"
        return [
            (name, chain, side + match + ["-p", "tcp", "!", portMatch, "\(port)", "-j", "DROP"]),
            (name, chain, side + match + ["!", "-p", "tcp", "-j", "DROP"]),
        ]
    }

    /// The iptables comment that tags this fault's rules.
    var ruleTag: [String] { ["-m", "comment", "--comment", "chaos-fault:\(id)"] }

    /// A plan for rules added inside nodes' namespaces, each undone by deleting exactly that rule.
    func rulePlan(_ rules: [(node: String, chain: String, rule: [String])], targets: [String]) -> FaultPlan {
        FaultPlan(
            kind: invocation.kind, targets: targets,
            operations: rules.map { .addIptablesRule(node: $0.node, chain: $0.chain, rule: $0.rule + ruleTag) },
            undo: rules.map { .deleteIptablesRule(node: $0.node, chain: $0.chain, rule: $0.rule + ruleTag) }, isHealable: true)
    }
}

/// Every fault kind, by name.
enum FaultRegistry {
    static let kinds: [any FaultKind] = [
        KillFault(), StopFault(), PauseFault(), RestartFault(), IsolateFault(), PartitionFault(), DropFault(),
        PacketLossFault(), BandwidthFault(), NetemFault(), PatroniSwitchFault(), PatroniPauseFault(), PgPoolDetachFault(), DiskFullFault(),
    ]

    static func kind(named name: String) -> (any FaultKind)? {
        kinds.first { $0.names.contains(name) }
    }
}
