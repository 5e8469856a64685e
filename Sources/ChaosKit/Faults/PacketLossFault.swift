// `packet_loss`: a share of a node's incoming packets dropped at random (iptables statistic match).

import Foundation

struct PacketLossFault: FaultKind {
    let names = ["packet_loss"]

    func plan(_ request: FaultRequest) throws(FaultError) -> FaultPlan {
        guard case .number(let percent) = request.invocation.parameters["percent"] else { throw FaultError("packet_loss needs 'percent'") }
        let probability = String(format: "%.4f", percent / 100)
        let targets = try request.targets()
        let rules = targets.flatMap { node in
            request.dropRules(on: node, chain: "INPUT", match: ["-m", "statistic", "--mode", "random", "--probability", probability])
        }
        return request.rulePlan(rules, targets: targets.map(request.label))
    }
}
