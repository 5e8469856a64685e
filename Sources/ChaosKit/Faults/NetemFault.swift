// `latency` / `jitter`: tc netem on a node's lab interface. Where the kernel has no netem the validator
// and preflight refuse it; should it still be tried, tc's own refusal is reported, never skipped.

struct NetemFault: FaultKind {
    let names = ["latency", "jitter"]

    func plan(_ request: FaultRequest) throws(FaultError) -> FaultPlan {
        guard let delay = request.invocation.parameters["delay"]?.durationValue else { throw FaultError("\(request.invocation.kind) needs 'delay'") }
        var qdisc = ["netem", "delay", "\(delay.nanoseconds / 1_000_000)ms"]
        if let jitter = request.invocation.parameters["jitter"]?.durationValue { qdisc.append("\(jitter.nanoseconds / 1_000_000)ms") }
        let targets = try request.targets()
        return FaultPlan(
            kind: request.invocation.kind, targets: targets.map(request.label),
            operations: targets.map { .addQdisc(node: $0, device: request.interface(of: $0), qdisc: qdisc) },
            undo: targets.map { .deleteQdisc(node: $0, device: request.interface(of: $0)) }, isHealable: true)
    }
}
