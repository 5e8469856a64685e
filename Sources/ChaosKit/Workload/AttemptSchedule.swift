// The fixed schedule writers and readers keep: attempts at start + k / rate, skipped slots after an overrun,
// and connections opened while the path is down no faster than a CPU budget allows.

/// The loop one writer or reader thread runs until its stop flag is set.
///
/// The schedule is `start + k / rate` (no drift). An attempt that overruns its slot skips the slots it covered
/// and the next attempt starts at once, so an outage is sampled as densely as the server allows. While the client
/// holds no connection, an attempt (which opens one) is made only when the ``ReconnectBudget`` has CPU time left;
/// the attempt charges the budget what its connects took: refused connections cost almost nothing and go out at every tick, so the first
/// acknowledged attempt comes within a tick of the path's return; handshakes that authenticate and then fail are
/// held to the budget. Ticks skipped for the budget are not recorded.
struct AttemptSchedule {
    /// Attempts per second; 0 means back to back.
    var rate: Double
    /// The CPU budget of connection attempts.
    var budget: ReconnectBudget
    /// The run's clock.
    var clock: MonotonicClock
    /// Ends the loop.
    var stopFlag: StopFlag

    /// Runs until stopped. `isConnected` tells whether the next attempt reuses a connection; `attempt` makes
    /// attempt number `seq` (from 1), charges the budget the CPU time of the connects it made, and returns whether
    /// it was answered and when it ended.
    func run(isConnected: () -> Bool, attempt: (Int64, inout ReconnectBudget) -> (isAck: Bool, endNs: Int64)) {
        let interval: Int64 = rate > 0 ? Int64((1e9 / rate).rounded()) : 0
        let origin = clock.now()
        var budget = budget
        var slot: Int64 = 0
        var seq: Int64 = 0
        while !stopFlag.isStopped {
            if interval > 0 {
                let now = clock.now()
                var due = origin + slot * interval
                if now - due >= interval {
                    slot = (now - origin) / interval
                    due = origin + slot * interval
                }
                if stopFlag.sleep(nanoseconds: due - now) { break }
                slot += 1
            }
            let connected = isConnected()
            if !connected, !budget.allows(atNs: clock.now()) {
                if interval == 0 && stopFlag.sleep(nanoseconds: 10_000_000) { break }
                continue
            }
            seq += 1
            _ = attempt(seq, &budget)
        }
    }
}
