// A value guarded by a lock, shared between dedicated threads.

import Synchronization

/// A mutable value that several threads read and write under the standard library's `Mutex`.
public final class Locked<Value>: Sendable {
    private let mutex: Mutex<Value>

    /// Wraps an initial value.
    public init(_ value: sending Value) { mutex = Mutex(value) }

    /// Runs `body` with exclusive access to the value.
    public func withLock<Result, Failure: Error>(
        _ body: (inout sending Value) throws(Failure) -> sending Result
    ) throws(Failure) -> sending Result {
        try mutex.withLock { (value: inout sending Value) throws(Failure) -> sending Result in try body(&value) }
    }
}

extension Locked where Value: Sendable {
    /// A copy of the current value.
    public var snapshot: Value { withLock { $0 } }
}
