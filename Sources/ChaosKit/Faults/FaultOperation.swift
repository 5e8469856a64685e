// One concrete change a fault makes, applied after its undo is journaled.

/// What applying a fault does, step by step.
public enum FaultOperation: Sendable, Hashable, CustomStringConvertible {
    /// Send a signal to every process in a node's network namespace (a node crash).
    case signalNode(node: String, signal: Int32)
    /// Send a signal to a service's main process.
    case signalService(node: String, service: ServiceKind, signal: Int32)
    /// Stop a service gracefully.
    case stopService(node: String, service: ServiceKind)
    /// Freeze a service (SIGSTOP).
    case pauseService(node: String, service: ServiceKind)
    /// Restart a service.
    case restartService(node: String, service: ServiceKind)
    /// Insert an iptables rule inside a node's namespace.
    case addIptablesRule(node: String, chain: String, rule: [String])
    /// Put a root qdisc on a device inside a node's namespace (`tc qdisc add dev D root …`).
    case addQdisc(node: String, device: String, qdisc: [String])
    /// Call Patroni's REST API on a member.
    case patroniRequest(node: String, method: String, path: String, body: String)
    /// Detach a PgPool-II backend.
    case detachPgPoolBackend(nodeID: Int)
    /// Fill the filesystem under a node's data directory.
    case fillDataFilesystem(node: String)
    /// Freeze the filesystem under a node's data directory.
    case freezeDataFilesystem(node: String)

    public var description: String {
        switch self {
        case .signalNode(let node, let signal): return "signal \(signal) to every process on \(node)"
        case .signalService(let node, let service, let signal): return "signal \(signal) to \(service.rawValue) on \(node)"
        case .stopService(let node, let service): return "stop \(service.rawValue) on \(node)"
        case .pauseService(let node, let service): return "SIGSTOP \(service.rawValue) on \(node)"
        case .restartService(let node, let service): return "restart \(service.rawValue) on \(node)"
        case .addIptablesRule(let node, let chain, let rule): return "on \(node): iptables -I \(chain) \(rule.joined(separator: " "))"
        case .addQdisc(let node, let device, let qdisc): return "on \(node): tc qdisc add dev \(device) root \(qdisc.joined(separator: " "))"
        case .patroniRequest(let node, let method, let path, let body): return "\(method) \(path) \(body) on \(node)'s Patroni"
        case .detachPgPoolBackend(let id): return "pcp_detach_node \(id)"
        case .fillDataFilesystem(let node): return "fill the filesystem under \(node)'s data directory"
        case .freezeDataFilesystem(let node): return "freeze the filesystem under \(node)'s data directory"
        }
    }
}

/// A fault worked out against the cluster as it is now: what it hits, what it does, how it is undone.
public struct FaultPlan: Sendable {
    /// The fault kind.
    public var kind: String
    /// The nodes it hits, with the role they had (`pg2 (primary)`).
    public var targets: [String]
    /// The changes, in order.
    public var operations: [FaultOperation]
    /// How to take them back, in order; empty for one-shot faults.
    public var undo: [UndoAction]
    /// Whether the fault stays in effect until healed.
    public var isHealable: Bool
}
