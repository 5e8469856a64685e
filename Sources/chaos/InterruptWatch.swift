// Turns SIGINT, SIGTERM, SIGHUP (an ssh session dropping) and SIGQUIT into a request to abort the run, so
// faults are healed before exiting. While that heal runs, further signals only say to wait: none of them
// can end the process with a fault still in effect.

import Foundation

/// The signals that stop a run or a held fault by healing first.
enum InterruptSignals {
    /// Each signal with its name.
    static let all: [(number: Int32, name: String)] = [(SIGINT, "SIGINT"), (SIGTERM, "SIGTERM"), (SIGHUP, "SIGHUP"), (SIGQUIT, "SIGQUIT")]
}

/// Watches the interrupt signals while a run is in progress.
final class InterruptWatch: @unchecked Sendable {
    private var sources: [any DispatchSourceSignal] = []
    private let received = NSLock()
    private var count = 0
    private let firstSignal = DispatchSemaphore(value: 0)

    init(onSignal: @escaping @Sendable (String) -> Void) {
        for (number, name) in InterruptSignals.all {
            signal(number, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: number, queue: .global())
            source.setEventHandler { [self] in
                let first = received.withLock { () -> Bool in
                    count += 1
                    return count == 1
                }
                if first {
                    firstSignal.signal()
                    onSignal(name)
                } else {
                    Console.error("\(name): healing, please wait — chaos exits once every fault it injected is undone")
                }
            }
            source.resume()
            sources.append(source)
        }
    }

    /// Waits up to `seconds` for the first interrupt; true when one came (`chaos fault inject --wait`).
    func waitForInterrupt(seconds: Double) -> Bool {
        firstSignal.wait(timeout: .now() + seconds) == .success
    }

    func stop() {
        sources.forEach { $0.cancel() }
        for (number, _) in InterruptSignals.all { signal(number, SIG_DFL) }
    }
}
