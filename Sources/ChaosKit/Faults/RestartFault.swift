// `restart`: stop and start a service at once. Acts once; journaled so a crash mid-restart is still undone.

struct RestartFault: FaultKind {
    let names = ["restart"]

    func plan(_ request: FaultRequest) throws(FaultError) -> FaultPlan {
        var operations: [FaultOperation] = []
        var undo: [UndoAction] = []
        let targets = try request.targets()
        for name in targets {
            let services = try request.services(on: try request.node(name))
            operations += services.map { .restartService(node: name, service: $0) }
            undo += request.startAgain(services, on: name)
        }
        return FaultPlan(kind: "restart", targets: targets.map(request.label), operations: operations, undo: undo, isHealable: false)
    }
}
