// Carries out fault operations and their undo on the lab. Every undo is idempotent: it checks the
// kernel's or the cluster's state and removes only what the journal says the tool added.

import Foundation
import Logging

/// Applies and undoes fault operations on a cluster.
public struct FaultExecutor: Sendable {
    /// Acting on nodes and services.
    public var control: any NodeControl
    /// Nodes and addresses.
    public var inventory: Inventory
    /// Passwords for Patroni's REST API and PCP (never printed).
    public var credentials: ClusterCredentials
    /// Runs curl, pcp_*.
    public var runner: CommandRunner

    /// Creates an executor.
    public init(control: any NodeControl, inventory: Inventory, credentials: ClusterCredentials, runner: CommandRunner = CommandRunner()) {
        self.control = control
        self.inventory = inventory
        self.credentials = credentials
        self.runner = runner
    }

    /// Applies one operation.
    public func apply(_ operation: FaultOperation) throws {
        switch operation {
        case .signalNode(let node, let signal):
            try control.signalNode(node, signal: signal)
        case .signalService(let node, let service, let signal):
            try control.kill(service, on: node, signal: signal)
        case .stopService(let node, let service):
            try control.stop(service, on: node, grace: .seconds(10))
        case .pauseService(let node, let service):
            try control.pause(service, on: node)
        case .restartService(let node, let service):
            try control.restart(service, on: node)
        case .addIptablesRule(let node, let chain, let rule):
            try check(control.execute(in: node, ["iptables", "-w", "5", "-I", chain] + rule, timeout: .seconds(10)), doing: operation)
        case .addQdisc(let node, let device, let qdisc):
            // A root qdisc that is already there is someone else's (a fault's own would be in the journal and
            // refused before this): it is left alone, and the fault refused.
            if let existing = try rootQdisc(on: node, device: device) {
                throw FaultError("\(device) on \(node) already has a root qdisc (\(existing)) that this fault did not add",
                                 hint: "remove it (`tc qdisc del dev \(device) root` in the node), or heal the fault that added it")
            }
            // Our handle marks the qdisc as ours: the undo deletes a root qdisc only when it carries it.
            let result = try control.execute(
                in: node, ["tc", "qdisc", "add", "dev", device, "root", "handle", Self.qdiscHandle] + qdisc, timeout: .seconds(10))
            if !result.succeeded, qdisc.first == "netem" {
                throw FaultError("tc refused netem on \(node): \(result.standardError.trimmingCharacters(in: .whitespacesAndNewlines))",
                                 hint: "this kernel has no netem (CONFIG_NET_SCH_NETEM); latency and jitter cannot run here")
            }
            try check(result, doing: operation)
        case .patroniRequest(let node, let method, let path, let body):
            try patroni(node: node, method: method, path: path, body: body)
        case .detachPgPoolBackend(let id):
            try pcp("pcp_detach_node", id: id)
        case .fillDataFilesystem(let node):
            let filled = try control.fillDataFilesystem(on: node)
            ChaosLog.commands.info("disk_full on \(node): \(filled)")
        case .freezeDataFilesystem(let node):
            try control.freezeDataFilesystem(on: node)
        }
    }

    /// Undoes one action; doing it twice, or after the thing is already gone, is fine. Returns what is worth
    /// telling beyond "done" (a dead-man's switch that had already fired), or nil.
    @discardableResult
    public func undo(_ action: UndoAction) throws -> String? {
        switch action {
        case .startService(let node, let service):
            guard let kind = ServiceKind(rawValue: service) else { throw FaultError("unknown service \(service) in the journal") }
            try control.start(kind, on: node)
            if kind == .postgres { try ensurePostgresRuns(on: node) }
        case .resumeService(let node, let service):
            guard let kind = ServiceKind(rawValue: service) else { throw FaultError("unknown service \(service) in the journal") }
            if try control.pid(of: kind, on: node) != nil { try control.resume(kind, on: node) }
        case .deleteIptablesRule(let node, let chain, let rule):
            guard try control.networkExists(of: node) else { return nil }
            // `iptables -C` exits 1 when the rule is absent; anything else (2 a bad rule, 4 the xtables lock not
            // taken in time) says nothing about the rule, so it is a failed undo, not "already gone".
            while true {
                let probe = try control.execute(in: node, ["iptables", "-w", "5", "-C", chain] + rule, timeout: .seconds(10))
                if probe.status == 1, !probe.timedOut { return nil }
                guard probe.succeeded else { try check(probe, doing: "checking for the rule (\(action))"); return nil }
                try check(control.execute(in: node, ["iptables", "-w", "5", "-D", chain] + rule, timeout: .seconds(10)), doing: action)
            }
        case .deleteQdisc(let node, let device):
            guard try control.networkExists(of: node) else { return nil }
            if try rootQdisc(on: node, device: device)?.contains(" \(Self.qdiscHandle) ") == true {
                try check(control.execute(in: node, ["tc", "qdisc", "del", "dev", device, "root"], timeout: .seconds(10)), doing: action)
            }
        case .resumePatroni:
            var lastError: (any Error)?
            for node in inventory.nodes(.postgres) {
                do {
                    try patroni(node: node.name, method: "PATCH", path: "/config", body: "{\"pause\": false}")
                    return nil
                } catch { lastError = error }
            }
            if let lastError { throw lastError }
        case .attachPgPoolBackend(let id):
            if try pcpNodeStatus(id) == "3" { try pcp("pcp_attach_node", id: id) }
        case .emptyDataFilesystem(let node):
            try control.emptyDataFilesystem(on: node)
        case .thawDataFilesystem(let node):
            try control.thawDataFilesystem(on: node)
        case .disarmSwitch(let node, let pid, let token):
            guard let arming = control as? any RevertArming else {
                throw FaultError("the journal names a dead-man's switch on \(node), but this platform has none", hint: "run `chaos recover` with the platform that injected it")
            }
            let found = try arming.disarm(node: node, pid: pid, token: token)
            ChaosLog.commands.info("dead-man's switch on \(node): \(found)")
            return found
        }
        return nil
    }

    // MARK: helpers

    /// PostgreSQL is Patroni's to start. When Patroni runs but has not brought it back within 20 s (it gave up:
    /// "start failed", e.g. after a stop that was still shutting down when it tried), Patroni is restarted,
    /// which starts PostgreSQL again; if that does not bring it back either, the undo fails.
    private func ensurePostgresRuns(on node: String) throws {
        func waitForPostgres(_ seconds: Int) throws -> Bool {
            for _ in 0..<(seconds * 4) {
                if try control.pid(of: .postgres, on: node) != nil { return true }
                usleep(250_000)
            }
            return false
        }
        if try waitForPostgres(20) { return }
        try control.restart(.patroni, on: node)
        guard try waitForPostgres(30) else {
            throw FaultError("PostgreSQL on \(node) did not start again, even after restarting Patroni",
                             hint: "see `chaos lab logs \(node)`")
        }
    }

    /// The handle every qdisc a fault adds carries (`tc … root handle ca05:`), so that an undo, or the heal of
    /// a failed injection, never deletes a qdisc someone else put there.
    static let qdiscHandle = "ca05:"

    /// The root qdisc on a device as `tc qdisc show` prints it, or nil for the kernel's default one (no
    /// handle, or `noqueue`/`pfifo_fast`/`fq_codel`/`mq` with handle 0:). A failed `tc qdisc show` is an
    /// error: it says nothing about what is there.
    private func rootQdisc(on node: String, device: String) throws -> String? {
        let shown = try control.execute(in: node, ["tc", "qdisc", "show", "dev", device, "root"], timeout: .seconds(10))
        try check(shown, doing: "tc qdisc show dev \(device) on \(node)")
        let line = shown.standardOutput.split(separator: "\n").first { $0.contains(" root") }.map(String.init)
        guard let line, !line.contains(" 0: root") else { return nil }
        return line.trimmingCharacters(in: .whitespaces)
    }

    private func check(_ result: CommandResult, doing what: any CustomStringConvertible) throws {
        guard result.succeeded else {
            throw FaultError("\(what) failed: \(result.standardError.trimmingCharacters(in: .whitespacesAndNewlines))")
        }
    }

    private func patroni(node: String, method: String, path: String, body: String) throws {
        guard let entry = inventory.node(node) else { throw FaultError("no node named \(node)") }
        let url = "http://\(entry.address):\(entry.ports["patroni-api"] ?? 8008)\(path)"
        // In process (libcurl): the REST password never appears on a command line.
        let response: HTTPResponse
        do {
            response = try HTTPClient(timeoutMs: 15_000, connectTimeoutMs: 2_000)
                .send(method, url, json: body, login: (credentials.restAPIUser, credentials.restAPIPassword))
        } catch {
            throw FaultError("Patroni \(method) \(path) on \(node) failed: \(error)")
        }
        guard (200..<300).contains(response.status) else {
            let answer = String(decoding: response.body, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
            throw FaultError("Patroni \(method) \(path) on \(node) answered \(response.status): \(answer)")
        }
    }

    private func pcpArguments(_ id: Int) throws -> (arguments: [String], passFile: String) {
        guard let pgpool = inventory.nodes(.pgpool).first else { throw FaultError("the cluster has no PgPool-II node") }
        let passFile = inventory.stateDirectory + "/pcppass.chaos"
        let line = "\(pgpool.address):\(pgpool.ports["pcp"] ?? 9898):\(credentials.pcpUser):\(credentials.pcpPassword)\n"
        FileManager.default.createFile(atPath: passFile, contents: Data(line.utf8), attributes: [.posixPermissions: 0o600])
        return (["-h", pgpool.address, "-p", "\(pgpool.ports["pcp"] ?? 9898)", "-U", credentials.pcpUser, "-w", "-n", "\(id)"], passFile)
    }

    private func pcp(_ command: String, id: Int) throws {
        let (arguments, passFile) = try pcpArguments(id)
        try check(runner.run([command] + arguments, environment: ["PCPPASSFILE": passFile], timeout: .seconds(20)), doing: "\(command) \(id)")
    }

    /// PgPool-II's status code of a backend: 1 waiting, 2 up, 3 down. Not knowing is an error, never "up".
    private func pcpNodeStatus(_ id: Int) throws -> String {
        let (arguments, passFile) = try pcpArguments(id)
        let result = runner.run(["pcp_node_info"] + arguments, environment: ["PCPPASSFILE": passFile], timeout: .seconds(10))
        try check(result, doing: "pcp_node_info \(id)")
        let fields = result.standardOutput.split(separator: " ")
        guard fields.count > 2 else { throw FaultError("pcp_node_info \(id) answered '\(result.standardOutput)', not a node's status") }
        return String(fields[2])
    }
}
