// A flag that tells dedicated worker threads to finish, and lets the owner wait until they have.

import Foundation

/// A one-way stop signal plus a count of running workers, so `stop()` can wait for them to finish.
public final class StopFlag: @unchecked Sendable {
    private let condition = NSCondition()
    private var stopped = false
    private var running = 0

    /// Creates a flag that is not yet stopped.
    public init() {}

    /// True once `stop()` has been called.
    public var isStopped: Bool {
        condition.lock()
        defer { condition.unlock() }
        return stopped
    }

    /// Registers a worker thread that will call ``workerFinished()`` when it ends.
    public func workerStarted() {
        condition.lock()
        running += 1
        condition.unlock()
    }

    /// Marks a worker thread as finished.
    public func workerFinished() {
        condition.lock()
        running -= 1
        condition.broadcast()
        condition.unlock()
    }

    /// Asks every worker to stop and waits up to `timeoutSeconds` for all of them; returns true if they did.
    @discardableResult
    public func stopAndWait(timeoutSeconds: Double) -> Bool {
        condition.lock()
        defer { condition.unlock() }
        stopped = true
        condition.broadcast()
        let deadline = Date().addingTimeInterval(timeoutSeconds)
        while running > 0 {
            if !condition.wait(until: deadline) { return running == 0 }
        }
        return true
    }

    /// Sleeps up to `nanoseconds`, waking early when stopped; returns true if stopped.
    public func sleep(nanoseconds: Int64) -> Bool {
        condition.lock()
        defer { condition.unlock() }
        if stopped { return true }
        if nanoseconds > 0 {
            _ = condition.wait(until: Date().addingTimeInterval(Double(nanoseconds) / 1e9))
        }
        return stopped
    }
}
