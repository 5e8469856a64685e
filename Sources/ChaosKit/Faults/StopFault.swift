// `stop`: a graceful stop of a service or of every service on a node. Healed by starting them.

struct StopFault: FaultKind {
    let names = ["stop"]

    func plan(_ request: FaultRequest) throws(FaultError) -> FaultPlan {
        var operations: [FaultOperation] = []
        var undo: [UndoAction] = []
        let targets = try request.targets()
        for name in targets {
            let services = try request.services(on: try request.node(name))
            operations += services.reversed().map { .stopService(node: name, service: $0) }
            undo += request.startAgain(services, on: name)
        }
        return FaultPlan(kind: "stop", targets: targets.map(request.label), operations: operations, undo: undo, isHealable: true)
    }
}
