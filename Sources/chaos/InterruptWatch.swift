// Turns SIGINT / SIGTERM into a request to abort the run, so faults are healed before exiting.

import Foundation

/// Watches SIGINT and SIGTERM while a run is in progress.
final class InterruptWatch: @unchecked Sendable {
    private var sources: [any DispatchSourceSignal] = []

    init(onSignal: @escaping @Sendable (String) -> Void) {
        for (number, name) in [(SIGINT, "SIGINT"), (SIGTERM, "SIGTERM")] {
            signal(number, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: number, queue: .global())
            source.setEventHandler { onSignal(name) }
            source.resume()
            sources.append(source)
        }
    }

    func stop() {
        sources.forEach { $0.cancel() }
        signal(SIGINT, SIG_DFL)
        signal(SIGTERM, SIG_DFL)
    }
}
