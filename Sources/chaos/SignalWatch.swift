// Ctrl-C and SIGTERM while a fault is held: stop waiting so the fault is healed before exiting.

import Foundation

/// Waits while noticing SIGINT / SIGTERM.
enum SignalWatch {
    /// Sleeps up to `seconds`; returns true when interrupted by SIGINT or SIGTERM (which are then consumed).
    static func sleep(_ seconds: Double) -> Bool {
        signal(SIGINT, SIG_IGN)
        signal(SIGTERM, SIG_IGN)
        let interrupted = DispatchSemaphore(value: 0)
        let sources = [SIGINT, SIGTERM].map { number in
            let source = DispatchSource.makeSignalSource(signal: number, queue: .global())
            source.setEventHandler { interrupted.signal() }
            source.resume()
            return source
        }
        defer { sources.forEach { $0.cancel() } }
        return interrupted.wait(timeout: .now() + seconds) == .success
    }
}
