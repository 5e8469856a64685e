// One concrete step that undoes (part of) a fault, written to the journal before the fault is applied.

/// What to do to undo a fault, precise enough to run after a crash with nothing but the journal.
/// Each undo removes only what the tool added (an exact iptables rule, a qdisc on one device).
public enum UndoAction: Codable, Sendable, Hashable, CustomStringConvertible {
    /// Start a service that a fault killed or stopped (no-op when it runs).
    case startService(node: String, service: String)
    /// Send SIGCONT to a service that a fault froze.
    case resumeService(node: String, service: String)
    /// Delete one iptables rule inside a node's namespace: `iptables -D <chain> <rule…>`.
    case deleteIptablesRule(node: String, chain: String, rule: [String])
    /// Delete the root qdisc a fault put on a device inside a node's namespace.
    case deleteQdisc(node: String, device: String)
    /// Leave Patroni maintenance mode.
    case resumePatroni
    /// Attach a PgPool-II backend again.
    case attachPgPoolBackend(nodeID: Int)
    /// Free the filesystem under a node's data directory (remove the filler).
    case emptyDataFilesystem(node: String)
    /// Thaw the filesystem under a node's data directory.
    case thawDataFilesystem(node: String)
    /// Stop the dead-man's switch left on a host (process `pid`, whose command line carries `token`).
    case disarmSwitch(node: String, pid: Int32, token: String)

    public var description: String {
        switch self {
        case .startService(let node, let service): return "start \(service) on \(node)"
        case .resumeService(let node, let service): return "SIGCONT \(service) on \(node)"
        case .deleteIptablesRule(let node, let chain, let rule): return "on \(node): iptables -D \(chain) \(rule.joined(separator: " "))"
        case .deleteQdisc(let node, let device): return "on \(node): tc qdisc del dev \(device) root"
        case .resumePatroni: return "patronictl resume (leave maintenance mode)"
        case .attachPgPoolBackend(let id): return "pcp_attach_node \(id)"
        case .disarmSwitch(let node, let pid, _): return "disarm the dead-man's switch on \(node)" + (pid > 0 ? " (pid \(pid))" : "")
        case .emptyDataFilesystem(let node): return "free the filesystem under \(node)'s data directory"
        case .thawDataFilesystem(let node): return "thaw the filesystem under \(node)'s data directory"
        }
    }
}

extension UndoAction {
    /// What this undo gives back: two faults in effect at once may not own the same thing, or healing one
    /// would take back the other's change too (a second qdisc on a device, a second stop of one service).
    public var resource: String {
        switch self {
        case .startService(let node, let service), .resumeService(let node, let service):
            // Starting Patroni starts its PostgreSQL: on one node they are one resource.
            let owner = service == "postgres" ? "patroni" : service
            return "service \(owner) on \(node)"
        case .deleteIptablesRule(let node, let chain, let rule): return "iptables \(chain) \(rule.joined(separator: " ")) on \(node)"
        case .deleteQdisc(let node, let device): return "the root qdisc of \(device) on \(node)"
        case .resumePatroni: return "Patroni's maintenance mode"
        case .attachPgPoolBackend(let id): return "PgPool-II backend \(id)"
        case .disarmSwitch(_, _, let token): return "the dead-man's switch \(token)"
        case .emptyDataFilesystem(let node), .thawDataFilesystem(let node): return "the filesystem under \(node)'s data directory"
        }
    }
}
