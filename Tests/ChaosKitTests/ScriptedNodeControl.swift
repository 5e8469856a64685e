// A NodeControl that runs nothing: it answers `execute` from a script and records every command, so the
// undo logic can be tested against failures that are hard to cause on a live kernel (a held xtables lock, a
// tc that cannot answer). The lab tests do the same things for real.

import Foundation
@testable import ChaosKit

final class ScriptedNodeControl: NodeControl, @unchecked Sendable {
    private let lock = NSLock()
    private var recorded: [String] = []
    /// Answers a command (`node: argv…`) with an exit status and standard output.
    let answer: @Sendable (String, [String]) -> (status: Int32, output: String)
    /// Whether a node's network exists; throwing stands for an inventory that cannot be read.
    let network: @Sendable (String) throws -> Bool

    init(network: @escaping @Sendable (String) throws -> Bool = { _ in true },
         answer: @escaping @Sendable (String, [String]) -> (status: Int32, output: String)) {
        self.network = network
        self.answer = answer
    }

    /// Every command run, as `node: argv…`.
    var commands: [String] { lock.withLock { recorded } }

    func inventory() throws -> Inventory { FaultPlanningTests.inventory() }
    func pid(of service: ServiceKind, on node: String) throws -> Int32? { nil }
    func start(_ service: ServiceKind, on node: String) throws { record(node, ["start", service.rawValue]) }
    func stop(_ service: ServiceKind, on node: String, grace: Duration) throws { record(node, ["stop", service.rawValue]) }
    func kill(_ service: ServiceKind, on node: String, signal: Int32) throws { record(node, ["kill", service.rawValue]) }
    func signalNode(_ node: String, signal: Int32) throws { record(node, ["signal-node"]) }
    func pause(_ service: ServiceKind, on node: String) throws { record(node, ["pause", service.rawValue]) }
    func resume(_ service: ServiceKind, on node: String) throws { record(node, ["resume", service.rawValue]) }
    func restart(_ service: ServiceKind, on node: String) throws { record(node, ["restart", service.rawValue]) }
    func restartNode(_ node: String) throws { record(node, ["restart-node"]) }
    func networkExists(of node: String) throws -> Bool { try network(node) }

    func execute(in node: String, _ arguments: [String], timeout: Duration) throws -> CommandResult {
        record(node, arguments)
        let (status, output) = answer(node, arguments)
        return CommandResult(arguments: arguments, status: status, standardOutput: output, standardError: status == 0 ? "" : "scripted failure \(status)")
    }

    private func record(_ node: String, _ arguments: [String]) {
        lock.withLock { recorded.append("\(node): \(arguments.joined(separator: " "))") }
    }
}
