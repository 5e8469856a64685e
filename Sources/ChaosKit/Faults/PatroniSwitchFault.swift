// `switchover` / `failover`: leadership moved through Patroni's REST API. Acts once.

struct PatroniSwitchFault: FaultKind {
    let names = ["switchover", "failover"]

    func plan(_ request: FaultRequest) throws(FaultError) -> FaultPlan {
        guard let leader = request.roles.leader else { throw FaultError("no leader to move away from", hint: "check `chaos lab status`") }
        let kind = request.invocation.kind
        var candidate: String?
        if request.invocation.parameters["to"] != nil {
            candidate = try request.targets("to").first
        }
        if candidate == leader { throw FaultError("\(kind) target \(leader) is already the leader") }
        var fields = kind == "switchover" ? ["\"leader\": \"\(leader)\""] : []
        if let candidate { fields.append("\"candidate\": \"\(candidate)\"") }
        if kind == "failover", candidate == nil { throw FaultError("failover needs a candidate ('to')") }
        let body = "{" + fields.joined(separator: ", ") + "}"
        return FaultPlan(
            kind: kind, targets: [request.label(leader)] + (candidate.map { ["→ " + request.label($0)] } ?? []),
            operations: [.patroniRequest(node: leader, method: "POST", path: "/\(kind)", body: body)], undo: [], isHealable: false)
    }
}
