// The reconnect budget: cheap connection attempts go out at every tick, expensive ones (an authentication each)
// burst and then settle at the budget's share of a core.

import Testing
@testable import ChaosKit

@Suite struct ReconnectBudgetTests {
    let ms: Int64 = 1_000_000

    /// How many attempts of `cpuNs` each a 10 ms tick lets through in `seconds`.
    func attempts(costing cpuNs: Int64, over seconds: Int64) -> Int {
        var budget = ReconnectBudget(share: 0.025, capacityNs: 50 * ms)
        var count = 0
        for tick in 0..<(seconds * 100) where budget.allows(atNs: tick * 10 * ms) {
            budget.charge(cpuNs: cpuNs, atNs: tick * 10 * ms)
            count += 1
        }
        return count
    }

    @Test func cheapAttemptsGoOutAtEveryTick() {
        // A refused connect costs about 0.1 ms of CPU: 2.5 % of a core pays for 250 of them a second.
        #expect(attempts(costing: ms / 10, over: 10) == 1_000)
    }

    @Test func authenticatingAttemptsBurstThenSettleAtTheShare() {
        // 8 ms each (a SCRAM handshake): the 50 ms bucket lets 7 through at once, then 25 ms of CPU a second refills it.
        let first = attempts(costing: 8 * ms, over: 1)
        #expect(first >= 7 && first <= 11, "\(first)")
        let tenSeconds = attempts(costing: 8 * ms, over: 10)
        // 7 in the burst + 250 ms / 8 ms ≈ 31 refilled: the CPU they took stays within 2.5 % of a core plus the burst.
        #expect(tenSeconds >= 35 && tenSeconds <= 42, "\(tenSeconds)")
        #expect(Int64(tenSeconds) * 8 * ms <= 10_000 * ms / 40 + 58 * ms)
    }
}
