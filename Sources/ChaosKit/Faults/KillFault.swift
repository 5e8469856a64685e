// `kill`: a signal to a service, or to every process of a node (a crash). Healed by starting what was killed.

struct KillFault: FaultKind {
    let names = ["kill"]

    func plan(_ request: FaultRequest) throws(FaultError) -> FaultPlan {
        let signal: Int32
        if case .signal(let value) = request.invocation.parameters["signal"] {
            // The validator refuses these too; a journal or API caller gets the same answer here.
            if value.freezesProcess { throw FaultError("kill with \(value.name) would leave the process frozen", hint: "use the pause fault") }
            signal = value.number
        } else {
            signal = 9
        }
        let wholeNode = (request.invocation.parameters["service"]?.stringValue ?? "node") == "node"
        var operations: [FaultOperation] = []
        var undo: [UndoAction] = []
        let targets = try request.targets()
        for name in targets {
            let node = try request.node(name)
            let services = try request.services(on: node)
            if wholeNode && signal == 9 {
                operations.append(.signalNode(node: name, signal: signal))
            } else {
                operations += services.map { .signalService(node: name, service: $0, signal: signal) }
            }
            undo += node.services.filter { !$0.command.isEmpty && (wholeNode || services.contains($0.kind) || $0.kind == .patroni) }
                .map { .startService(node: name, service: $0.kind.rawValue) }
        }
        return FaultPlan(kind: "kill", targets: targets.map(request.label), operations: operations, undo: undo, isHealable: true)
    }
}
