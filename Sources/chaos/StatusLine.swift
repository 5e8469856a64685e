// The live status line while a run goes: step, elapsed, writes ok/failed per path. Plain lines (one per
// phase change) when standard output is not a terminal or NO_COLOR is set.

import ChaosKit
import Foundation

/// Prints run progress.
final class StatusLine: @unchecked Sendable {
    private let lock = NSLock()
    private let interactive = isatty(STDOUT_FILENO) == 1 && ProcessInfo.processInfo.environment["NO_COLOR"] == nil
    private var lastPhase = ""
    private var shown = false

    func update(_ progress: RunProgress) {
        lock.withLock {
            let writes = progress.writes.sorted { $0.key.rawValue < $1.key.rawValue }
                .map { "\($0.key.rawValue) \($0.value.ok) ok/\($0.value.failed) failed" }.joined(separator: ", ")
            let text = String(format: "  [%6.1fs] %@ — %@", progress.elapsed, progress.phase, writes)
            if interactive {
                FileHandle.standardOutput.write(Data(("\r\u{1B}[2K" + text).utf8))
                shown = true
            } else if progress.phase != lastPhase {
                print(text)
            }
            lastPhase = progress.phase
        }
    }

    func finish() {
        lock.withLock {
            if shown { print("") }
            shown = false
        }
    }
}
