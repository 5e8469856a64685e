// The dead-man's switch: before a fault touches a host, a detached timer is left on that host that runs the
// fault's undo by itself when it expires — so a fault whose runner died, or lost the link, still heals. A
// heal (or `chaos recover`) runs the undo first and then disarms the timer, which is journaled as the fault's
// last undo step. A switch that already fired leaves a `.fired` file with what it did; disarming reports it.

import Foundation

/// Timers on the hosts that undo a fault on their own.
public protocol RevertArming: Sendable {
    /// Prepares one timer per host that `undo` touches, to run that host's part of `undo` once the fault's
    /// `holdFor` plus a margin has passed (or the platform's default, for a fault with no duration); returns the
    /// undo steps that disarm them (to journal after the fault's own undo). A timer is left on its host in
    /// the same round trip as the fault's first change there, before that change; ``armPending()`` leaves
    /// those of hosts the fault did not change.
    func arm(_ undo: [UndoAction], faultID: String, holdFor: Duration?) throws -> [UndoAction]
    /// Leaves every timer not yet left on its host.
    func armPending() throws
    /// Forgets timers not yet left (the fault failed before reaching their hosts).
    func discardPending()
    /// Stops the timer if it has not fired; says what it found.
    func disarm(node: String, pid: Int32, token: String) throws -> String
}

/// Where a switch keeps its `.fired` record on the host.
let switchDirectory = "/var/tmp/chaos"

extension SSHNodeControl: RevertArming {
    public func arm(_ undo: [UndoAction], faultID: String, holdFor: Duration?) throws -> [UndoAction] {
        let seconds = holdFor.map { Int($0.components.seconds) + Self.switchMargin } ?? cluster.revertAfter
        var disarms: [UndoAction] = []
        for node in Self.nodes(of: undo) {
            let revert = try revertScript(undo, on: node)
            guard !revert.isEmpty else { continue }
            let token = "chaos-switch-\(faultID)-\(node)"
            // The timer records its own PID (its session, so the whole group can be stopped) for the disarm.
            let body = "echo $$ > \(switchDirectory)/\(token).pid; sleep \(seconds); { \(revert) } > \(switchDirectory)/\(token).fired 2>&1; rm -f \(switchDirectory)/\(token).pid"
            let script = "mkdir -p \(switchDirectory) || { echo 'cannot arm the switch: mkdir \(switchDirectory) failed' >&2; exit 5; }; "
                + "setsid sh -c \(ShellQuote.quote(body)) \(token) </dev/null >/dev/null 2>&1 &"
            pendingSwitches.add(script, for: node)
            disarms.append(.disarmSwitch(node: node, pid: 0, token: token))
        }
        return disarms
    }

    public func armPending() throws {
        for (node, script) in pendingSwitches.takeAll() {
            try session(node).output(script, changes: true, doing: "arming the dead-man's switch")
        }
    }

    public func discardPending() { _ = pendingSwitches.takeAll() }

    public func disarm(node: String, pid: Int32, token: String) throws -> String {
        let fired = "\(switchDirectory)/\(token).fired"
        let pidFile = "\(switchDirectory)/\(token).pid"
        // The PID the timer wrote (or, for a switch journaled before it recorded its own, the journal's) is
        // signalled only while its command line still carries the token: a reused PID is never touched.
        let script = """
            if [ -f \(fired) ]; then echo "it had fired at $(date -u -r \(fired) +%H:%M:%SZ) and undone the fault on its own"; rm -f \(fired) \(pidFile); exit 0; fi; \
            p=$(cat \(pidFile) 2>/dev/null || echo \(pid)); \
            if [ "${p:-0}" -gt 0 ] && grep -qa \(token) /proc/$p/cmdline 2>/dev/null; then kill -TERM -$p && rm -f \(pidFile) && echo disarmed; \
            else rm -f \(pidFile); echo 'it was gone (the host restarted?)'; fi
            """
        return try session(node).output(script, changes: true, doing: "disarming the dead-man's switch").trimmingCharacters(in: .whitespacesAndNewlines)
    }

    /// How long after a fault's own duration its switch fires: time for the run to heal it first.
    static let switchMargin = 30

    /// The hosts an undo touches, in order.
    static func nodes(of undo: [UndoAction]) -> [String] {
        var nodes: [String] = []
        for action in undo {
            let node: String?
            switch action {
            case .startService(let name, _), .resumeService(let name, _), .deleteIptablesRule(let name, _, _), .deleteQdisc(let name, _): node = name
            case .resumePatroni, .attachPgPoolBackend, .disarmSwitch, .emptyDataFilesystem, .thawDataFilesystem: node = nil
            }
            if let node, !nodes.contains(node) { nodes.append(node) }
        }
        return nodes
    }

    /// The shell that undoes a node's part of `undo` on its own (network first, then services). Patroni's
    /// maintenance mode and PgPool-II's detach are cluster-wide, not a host's: `chaos recover` undoes them.
    func revertScript(_ undo: [UndoAction], on node: String) throws -> String {
        var network: [String] = []
        var services: [String] = []
        for action in undo {
            switch action {
            case .deleteIptablesRule(node, let chain, let rule):
                let words = ShellQuote.join([chain] + rule)
                network.append("while iptables -w 5 -C \(words) 2>/dev/null; do iptables -w 5 -D \(words) || break; done")
            case .deleteQdisc(node, let device):
                let dev = ShellQuote.quote(device)
                network.append("tc qdisc show dev \(dev) root | grep -q ' \(FaultExecutor.qdiscHandle) ' && tc qdisc del dev \(dev) root")
            case .resumeService(node, let service):
                guard let kind = ServiceKind(rawValue: service) else { continue }
                services.append("(\(try script(kind, on: node).resume))")
            case .startService(node, let service):
                guard let kind = ServiceKind(rawValue: service) else { continue }
                if let start = try script(kind == .postgres ? .patroni : kind, on: node).start { services.append("(\(start))") }
            default: continue
            }
        }
        return (network + services).map { $0 + ";" }.joined(separator: " ")
    }
}
