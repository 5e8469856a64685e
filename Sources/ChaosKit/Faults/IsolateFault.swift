// `isolate`: a node cut off from every other node and from clients (all traffic on its lab interface dropped).

struct IsolateFault: FaultKind {
    let names = ["isolate"]

    func plan(_ request: FaultRequest) throws(FaultError) -> FaultPlan {
        let targets = try request.targets()
        let rules = targets.flatMap { node in
            [(node, "INPUT", ["-i", "eth0", "-j", "DROP"]), (node, "OUTPUT", ["-o", "eth0", "-j", "DROP"])]
        }
        return request.rulePlan(rules.map { (node: $0.0, chain: $0.1, rule: $0.2) }, targets: targets.map(request.label))
    }
}
