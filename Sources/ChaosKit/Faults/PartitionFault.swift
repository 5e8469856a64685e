// `partition`: traffic between groups of nodes dropped; clients (the host, PgPool-II unless grouped) still
// reach every node — e.g. [[primary], [replica, etcd]] is the zombie primary.

struct PartitionFault: FaultKind {
    let names = ["partition"]

    func plan(_ request: FaultRequest) throws(FaultError) -> FaultPlan {
        let groups = try request.groups()
        var rules: [(node: String, chain: String, rule: [String])] = []
        for (index, group) in groups.enumerated() {
            let others = groups.enumerated().filter { $0.offset != index }.flatMap(\.element)
            for name in group {
                for other in others {
                    let address = try request.node(other).address
                    rules.append((name, "INPUT", ["-s", address, "-j", "DROP"]))
                    rules.append((name, "OUTPUT", ["-d", address, "-j", "DROP"]))
                }
            }
        }
        let label = groups.map { "[" + $0.map(request.label).joined(separator: ", ") + "]" }.joined(separator: " | ")
        return request.rulePlan(rules, targets: [label])
    }
}
