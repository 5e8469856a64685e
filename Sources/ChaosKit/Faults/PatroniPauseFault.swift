// `patroni_pause`: Patroni maintenance mode (no automatic failover). Healed by resuming.

struct PatroniPauseFault: FaultKind {
    let names = ["patroni_pause"]

    func plan(_ request: FaultRequest) throws(FaultError) -> FaultPlan {
        guard let member = request.roles.leader ?? request.roles.postgres.first else { throw FaultError("no Patroni member to ask") }
        return FaultPlan(
            kind: "patroni_pause", targets: ["cluster"],
            operations: [.patroniRequest(node: member, method: "PATCH", path: "/config", body: "{\"pause\": true}")],
            undo: [.resumePatroni], isHealable: true)
    }
}
