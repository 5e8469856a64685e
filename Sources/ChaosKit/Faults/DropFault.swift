// `drop`: one-way loss — packets from one node never reach another (dropped on the receiver's way in).

struct DropFault: FaultKind {
    let names = ["drop"]

    func plan(_ request: FaultRequest) throws(FaultError) -> FaultPlan {
        let senders = try request.targets("from")
        let receivers = try request.targets("to")
        var rules: [(node: String, chain: String, rule: [String])] = []
        for receiver in receivers {
            for sender in senders where sender != receiver {
                rules.append((receiver, "INPUT", ["-s", try request.node(sender).address, "-j", "DROP"]))
            }
        }
        let label = senders.map(request.label).joined(separator: ", ") + " → " + receivers.map(request.label).joined(separator: ", ")
        return request.rulePlan(rules, targets: [label])
    }
}
