// Where output goes: results on standard output, progress and the live line on standard error, errors always
// on standard error. `--quiet` keeps only verdicts and errors; colour only on a terminal, never with NO_COLOR,
// TERM=dumb or a pipe.

import ChaosKit
import Foundation

/// How much a command says.
enum Verbosity: Sendable {
    /// Verdicts, results and errors only.
    case quiet
    /// Results and progress.
    case normal
    /// Also every command run on the cluster, with its time.
    case verbose
}

/// The process's output settings, set once from the command line before the command runs.
enum Console {
    private static let state = Locked(Verbosity.normal)

    /// The current verbosity.
    static var verbosity: Verbosity {
        get { state.snapshot }
        set { state.withLock { $0 = newValue } }
    }

    /// Writes a result line to standard output (always shown: it is what the command is for).
    static func result(_ text: String) {
        FileHandle.standardOutput.write(Data((text + "\n").utf8))
    }

    /// Writes a progress line to standard error, unless `--quiet`.
    static func progress(_ text: String) {
        guard verbosity != .quiet else { return }
        FileHandle.standardError.write(Data((text + "\n").utf8))
    }

    /// Writes an error or warning to standard error (also with `--quiet`).
    static func error(_ text: String) {
        FileHandle.standardError.write(Data((text + "\n").utf8))
    }

    /// Whether colour may be written to the stream with descriptor `fd`: a terminal, no `NO_COLOR`, no `TERM=dumb`.
    static func colourAllowed(on fd: Int32, environment: [String: String] = ProcessInfo.processInfo.environment) -> Bool {
        guard isatty(fd) == 1 else { return false }
        if let noColor = environment["NO_COLOR"], !noColor.isEmpty { return false }
        return environment["TERM"] != "dumb"
    }

    /// Whether standard output takes colour.
    static let colourOnStandardOutput = colourAllowed(on: STDOUT_FILENO)
    /// Whether standard error takes colour (and the live status line may redraw itself).
    static let colourOnStandardError = colourAllowed(on: STDERR_FILENO)
}

/// The few colours `chaos` uses, as ANSI SGR codes.
enum Colour: String {
    case green = "32", red = "31", yellow = "33", bold = "1", dim = "2"

    /// `text` in this colour when `enabled`, else unchanged.
    func paint(_ text: String, enabled: Bool = Console.colourOnStandardOutput) -> String {
        enabled ? "\u{1B}[\(rawValue)m\(text)\u{1B}[0m" : text
    }
}
