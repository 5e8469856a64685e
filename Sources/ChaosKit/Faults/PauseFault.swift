// `pause`: SIGSTOP a service (or every service of a node), like `docker pause`. Healed by SIGCONT.

struct PauseFault: FaultKind {
    let names = ["pause"]

    func plan(_ request: FaultRequest) throws(FaultError) -> FaultPlan {
        var operations: [FaultOperation] = []
        var undo: [UndoAction] = []
        let targets = try request.targets()
        for name in targets {
            let node = try request.node(name)
            var services = try request.services(on: node)
            // Freezing a PostgreSQL node means its postmaster and backends too, not only Patroni.
            if (request.invocation.parameters["service"]?.stringValue ?? "node") == "node", node.service(.postgres) != nil {
                services.append(.postgres)
            }
            operations += services.map { .pauseService(node: name, service: $0) }
            undo += services.map { .resumeService(node: name, service: $0.rawValue) }
        }
        return FaultPlan(kind: "pause", targets: targets.map(request.label), operations: operations, undo: undo, isHealable: true)
    }
}
