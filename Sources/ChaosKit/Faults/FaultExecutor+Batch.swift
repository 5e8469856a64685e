// Applying a fault's operations in as few round trips as the platform allows. Where each command is a
// round trip to a remote host (the SSH platform), a partition's dozens of iptables rules are sent as one
// script per host, all hosts at once; elsewhere they run one by one as before.

import Foundation

/// A platform on which running several commands on one node at once saves real time.
public protocol BatchExecuting: Sendable {
    /// Runs `commands` on `node` in order in one go, stopping at the first failure.
    func executeAll(in node: String, _ commands: [[String]], timeout: Duration) throws -> CommandResult
}

extension FaultExecutor {
    /// Applies every operation of a plan, in order; consecutive iptables rules go per node in one batch
    /// (all nodes in parallel) on a ``BatchExecuting`` platform.
    public func applyAll(_ operations: [FaultOperation]) throws {
        guard let batching = control as? any BatchExecuting else {
            for operation in operations { try apply(operation) }
            return
        }
        var index = 0
        while index < operations.count {
            var rules: [(node: String, command: [String])] = []
            while index < operations.count, case .addIptablesRule(let node, let chain, let rule) = operations[index] {
                rules.append((node, ["iptables", "-w", "5", "-I", chain] + rule))
                index += 1
            }
            if rules.isEmpty {
                try apply(operations[index])
                index += 1
                continue
            }
            let failures = Self.perNode(rules, on: batching, timeout: .seconds(20)).sorted { $0.key < $1.key }.compactMap { node, failure in
                failure.map { "iptables on \(node): \($0)" }
            }
            if !failures.isEmpty { throw FaultError(failures.joined(separator: "; ")) }
        }
    }

    /// Undoes `actions` in order, each reported `ok` or with its error; on a ``BatchExecuting`` platform,
    /// consecutive iptables deletions go per node in one script (all nodes at once), each rule checked with
    /// `iptables -C` exactly as a single undo does (exit 1: gone; any other failure: a failed undo).
    func undoAll(_ actions: [UndoAction]) -> [(action: UndoAction, outcome: String, note: String?)] {
        var results: [(action: UndoAction, outcome: String, note: String?)] = []
        var index = 0
        while index < actions.count {
            var rules: [(node: String, command: [String], action: UndoAction)] = []
            if control is any BatchExecuting {
                while index < actions.count, case .deleteIptablesRule(let node, let chain, let rule) = actions[index] {
                    rules.append((node, [Self.deleteRuleFunction, chain] + rule, actions[index]))
                    index += 1
                }
            }
            guard !rules.isEmpty, let batching = control as? any BatchExecuting else {
                do { results.append((actions[index], "ok", try undo(actions[index]))) } catch { results.append((actions[index], "\(error)", nil)) }
                index += 1
                continue
            }
            let failures = Self.perNode(rules.map { ($0.node, $0.command) }, on: batching, timeout: .seconds(30))
            results += rules.map { ($0.action, failures[$0.node].map { $0.map { "iptables -D failed: \($0)" } ?? "ok" } ?? "not attempted", nil) }
        }
        return results
    }

    /// Runs each node's commands as one batch, all nodes at once; per node, nil when its batch succeeded or
    /// what went wrong.
    private static func perNode(_ commands: [(node: String, command: [String])], on batching: any BatchExecuting,
                                timeout: Duration) -> [String: String?] {
        let nodes = commands.map(\.node).reduce(into: [String]()) { if !$0.contains($1) { $0.append($1) } }
        let batches = nodes.map { node in commands.filter { $0.node == node }.map(\.command) }
        let outcomes = Locked([String: String?]())
        DispatchQueue.concurrentPerform(iterations: nodes.count) { position in
            var failure: String?
            do {
                let result = try batching.executeAll(in: nodes[position], batches[position], timeout: timeout)
                if !result.succeeded { failure = result.standardError.trimmingCharacters(in: .whitespacesAndNewlines) }
            } catch { failure = "\(error)" }
            outcomes.withLock { $0[nodes[position]] = .some(failure) }
        }
        return outcomes.withLock { $0 }
    }

    /// A shell function name the SSH platform defines before a batch of deletions (see ``SSHNodeControl``).
    static let deleteRuleFunction = "chaos_delete_rule"
}

extension SSHNodeControl: BatchExecuting {
    public func executeAll(in node: String, _ commands: [[String]], timeout: Duration) throws -> CommandResult {
        // `chaos_delete_rule CHAIN RULE…`: delete until `iptables -C` says absent (1); any other failure stops the batch.
        let prelude = """
            chaos_delete_rule() { while :; do e=$(iptables -w 5 -C "$@" 2>&1); s=$?; [ $s = 1 ] && return 0; \
            [ $s = 0 ] || { echo "$e" >&2; return $s; }; iptables -w 5 -D "$@" || return $?; done; }
            """
        let script = prelude + "\n" + commands.map(ShellQuote.join).joined(separator: " && ")
        let result = try session(node).run(script, changes: true, timeout: timeout)
        if result.status == 255 { throw try session(node).failure(result, doing: "iptables") }
        return result
    }
}
