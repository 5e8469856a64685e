// The live status line while a run goes: step, elapsed, writes ok/failed per path, on standard error. It
// redraws itself on a terminal; elsewhere (a pipe, NO_COLOR, TERM=dumb) it prints one line per phase change;
// with --quiet it prints nothing.

import ChaosKit
import Foundation

/// Prints run progress.
final class StatusLine: Sendable {
    private struct State {
        var lastPhase = ""
        var shown = false
    }

    private let state = Locked(State())
    private let interactive = Console.colourOnStandardError

    func update(_ progress: RunProgress) {
        guard Console.verbosity != .quiet else { return }
        state.withLock { state in
            let writes = progress.writes.sorted { $0.key.rawValue < $1.key.rawValue }
                .map { "\($0.key.rawValue) \($0.value.ok) ok/\($0.value.failed) failed" }.joined(separator: ", ")
            let text = String(format: "  [%6.1fs] %@ — %@", progress.elapsed, progress.phase, writes)
            if interactive {
                FileHandle.standardError.write(Data(("\r\u{1B}[2K" + text).utf8))
                state.shown = true
            } else if progress.phase != state.lastPhase {
                FileHandle.standardError.write(Data((text + "\n").utf8))
            }
            state.lastPhase = progress.phase
        }
    }

    func finish() {
        state.withLock { state in
            if state.shown { FileHandle.standardError.write(Data("\n".utf8)) }
            state.shown = false
        }
    }
}
