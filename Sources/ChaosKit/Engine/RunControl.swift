// The run's pulse: monotonic time, interruptible sleeps, and the abort flag that stop conditions,
// Ctrl-C and SIGTERM raise. Every wait in the engine goes through here, so an abort is noticed within 100 ms.

import Foundation

/// Time, sleeps and the abort flag of one run.
public final class RunControl: @unchecked Sendable {
    /// The run's clock (ns since the run started).
    public let clock: MonotonicClock
    private let abortReason = Locked<String?>(nil)
    private let conditions = Locked<(@Sendable () -> String?)?>(nil)

    /// A control with its clock starting now.
    public init(clock: MonotonicClock = MonotonicClock()) { self.clock = clock }

    /// Asks the run to stop as soon as it can (heal everything, end as aborted). The first reason wins.
    public func abort(_ reason: String) {
        abortReason.withLock { if $0 == nil { $0 = reason } }
    }

    /// Why the run is aborting, if it is.
    public var aborted: String? {
        if let reason = abortReason.snapshot { return reason }
        if let check = conditions.snapshot, let reason = check() {
            abort(reason)
            return reason
        }
        return nil
    }

    /// Installs the stop-condition check, evaluated on every tick.
    func watch(_ check: @escaping @Sendable () -> String?) { conditions.withLock { $0 = check } }

    /// Sleeps up to `nanoseconds`, waking early (returning false) when the run aborts.
    @discardableResult
    func sleep(nanoseconds: Int64) -> Bool {
        let end = clock.now() + nanoseconds
        while clock.now() < end {
            if aborted != nil { return false }
            usleep(useconds_t(max(1, min(100_000, (end - clock.now()) / 1000))))
        }
        return aborted == nil
    }

    /// Polls `condition` every 200 ms until it is true (true), the timeout passes or the run aborts (false).
    /// Polls `condition` every `intervalNs` until it holds (true), the timeout passes or the run is aborted (false).
    func waitUntil(timeoutNs: Int64, intervalNs: Int64 = 200_000_000, _ condition: () -> Bool) -> Bool {
        let end = clock.now() + timeoutNs
        while true {
            if aborted != nil { return false }
            if condition() { return true }
            if clock.now() >= end { return false }
            usleep(UInt32(clamping: intervalNs / 1000))
        }
    }
}
