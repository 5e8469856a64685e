// The run's pulse: monotonic time, interruptible sleeps, and the abort flag that stop conditions,
// Ctrl-C and SIGTERM raise. Every wait in the engine goes through here, so an abort is noticed within 100 ms.

import Foundation

/// Time, sleeps and the abort flag of one run.
public final class RunControl: Sendable {
    /// The run's clock (ns since the run started).
    public let clock: MonotonicClock
    /// The wall-clock time (UTC, microseconds) at which `clock` read zero, to line a run up with PostgreSQL's and
    /// Prometheus's logs; read right after the monotonic origin.
    public let originWallClock: String
    private let abortReason = Locked<String?>(nil)
    private let methodEnd = Locked(false)
    private let conditions = Locked<(@Sendable () -> String?)?>(nil)
    /// The control of the suite or study this run belongs to: its abort (Ctrl-C) stops this run too.
    private let parent: RunControl?

    /// A control with its clock starting now.
    public init(clock: MonotonicClock = MonotonicClock()) {
        self.clock = clock
        originWallClock = MonotonicClock.wallClockLabel(precision: .microseconds)
        parent = nil
    }

    private init(parent: RunControl) {
        clock = MonotonicClock()
        originWallClock = MonotonicClock.wallClockLabel(precision: .microseconds)
        self.parent = parent
    }

    /// A control for one run of a suite or study: its own clock starting now (each run has its own zero), aborted
    /// when this one is; its own stop conditions abort that run alone.
    public func forRun() -> RunControl { RunControl(parent: self) }

    /// Asks the run to stop as soon as it can (heal everything, end as aborted). The first reason wins.
    public func abort(_ reason: String) {
        abortReason.withLock { if $0 == nil { $0 = reason } }
    }

    /// Why the run is aborting, if it is (its own reason, or its suite's).
    public var aborted: String? { abortReason.snapshot ?? parent?.aborted }

    /// Ends the method early without aborting (a free game day's `e`): the method's `wait:` steps return at
    /// once and no later step starts; faults are healed, recovery, the checks and the report follow as usual.
    public func endMethod() { methodEnd.withLock { $0 = true } }

    /// Whether ``endMethod()`` was called.
    public var methodEndRequested: Bool { methodEnd.snapshot }

    /// Sleeps within the method: like ``sleep(nanoseconds:)``, and wakes (returning true) when the method is ended.
    @discardableResult
    func sleepInMethod(nanoseconds: Int64) -> Bool {
        let end = clock.now() + nanoseconds
        while clock.now() < end, !methodEndRequested {
            if aborted != nil { return false }
            usleep(useconds_t(max(1, min(100_000, (end - clock.now()) / 1000))))
        }
        return aborted == nil
    }

    /// Installs the stop-condition check and starts its watchdog: a thread of its own evaluates it every 100 ms
    /// and raises the abort, so a breach is noticed on time even while the engine is blocked in a long call
    /// (a 10 s stop grace, a shell probe).
    func watch(_ check: @escaping @Sendable () -> String?) {
        conditions.withLock { $0 = check }
        let watchdog = Thread { [self] in
            while let check = conditions.snapshot {
                if aborted == nil, let reason = check() { abort(reason) }
                usleep(100_000)
            }
        }
        watchdog.name = "chaos-abort-watchdog"
        watchdog.start()
    }

    /// Stops evaluating stop conditions (the watchdog ends within 100 ms).
    func stopWatching() { conditions.withLock { $0 = nil } }

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
