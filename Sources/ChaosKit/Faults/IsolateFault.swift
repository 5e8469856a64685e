// `isolate`: a node cut off from every other node and from clients (all traffic on its lab interface dropped).

struct IsolateFault: FaultKind {
    let names = ["isolate"]

    func plan(_ request: FaultRequest) throws(FaultError) -> FaultPlan {
        let targets = try request.targets()
        let rules = targets.flatMap { node in request.dropRules(on: node, chain: "INPUT") + request.dropRules(on: node, chain: "OUTPUT") }
        return request.rulePlan(rules, targets: targets.map(request.label))
    }
}
