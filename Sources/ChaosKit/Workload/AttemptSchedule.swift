// The fixed schedule writers and readers keep: attempts at start + k / rate, skipped slots after an overrun,
// and a least pause before connecting again after a failure.

/// The loop one writer or reader thread runs until its stop flag is set.
///
/// The schedule is `start + k / rate` (no drift). An attempt that overruns its slot skips the slots it covered
/// and the next attempt starts at once, so an outage is sampled as densely as the server allows. After a failed
/// attempt, no new connection is opened for `reconnectIntervalNs` (the ticks in between are skipped, not
/// recorded): every connection costs a SCRAM handshake.
struct AttemptSchedule {
    /// Attempts per second; 0 means back to back.
    var rate: Double
    /// The least time between a failure and the next connection.
    var reconnectIntervalNs: Int64
    /// The run's clock.
    var clock: MonotonicClock
    /// Ends the loop.
    var stopFlag: StopFlag

    /// Runs until stopped. `isConnected` tells whether the next attempt reuses a connection; `attempt` makes
    /// attempt number `seq` (from 1) and returns whether it was answered and when it ended.
    func run(isConnected: () -> Bool, attempt: (Int64) -> (isAck: Bool, endNs: Int64)) {
        let interval: Int64 = rate > 0 ? Int64((1e9 / rate).rounded()) : 0
        let origin = clock.now()
        var slot: Int64 = 0
        var seq: Int64 = 0
        var lastFailureNs: Int64?
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
            if !isConnected(), let failed = lastFailureNs, clock.now() - failed < reconnectIntervalNs {
                if interval == 0 && stopFlag.sleep(nanoseconds: reconnectIntervalNs - (clock.now() - failed)) { break }
                continue
            }
            seq += 1
            let outcome = attempt(seq)
            lastFailureNs = outcome.isAck ? nil : outcome.endNs
        }
    }
}
