// `bandwidth`: a node's outgoing rate limited with a tc token bucket filter on its lab interface.

struct BandwidthFault: FaultKind {
    let names = ["bandwidth"]

    func plan(_ request: FaultRequest) throws(FaultError) -> FaultPlan {
        guard case .bitRate(let rate) = request.invocation.parameters["rate"] else { throw FaultError("bandwidth needs 'rate'") }
        let targets = try request.targets()
        let qdisc = ["tbf", "rate", rate.description, "burst", "32kbit", "latency", "400ms"]
        return FaultPlan(
            kind: "bandwidth", targets: targets.map(request.label),
            operations: targets.map { .addQdisc(node: $0, device: request.interface(of: $0), qdisc: qdisc) },
            undo: targets.map { .deleteQdisc(node: $0, device: request.interface(of: $0)) }, isHealable: true)
    }
}
