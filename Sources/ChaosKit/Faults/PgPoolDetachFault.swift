// `pgpool_detach`: a backend detached from PgPool-II (pcp_detach_node). Healed by attaching it again.

struct PgPoolDetachFault: FaultKind {
    let names = ["pgpool_detach"]

    func plan(_ request: FaultRequest) throws(FaultError) -> FaultPlan {
        let targets = try request.targets()
        let backends = request.inventory.nodes(.postgres).map(\.name)
        var ids: [Int] = []
        for name in targets {
            guard let id = backends.firstIndex(of: name) else { throw FaultError("\(name) is not a PgPool-II backend") }
            ids.append(id)
        }
        return FaultPlan(
            kind: "pgpool_detach", targets: targets.map(request.label), operations: ids.map { .detachPgPoolBackend(nodeID: $0) },
            undo: ids.map { .attachPgPoolBackend(nodeID: $0) }, isHealable: true)
    }
}
