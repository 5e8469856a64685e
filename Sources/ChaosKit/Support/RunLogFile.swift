// The run's own copy of the library's log: with `--verbose`, every command a run sends to the cluster or
// this host also goes to `<run folder>/chaos.log`, so the archived evidence says what was done, not only
// what was measured. Lines are redacted like every other line of the log.

import Foundation
public import Logging

/// Where log lines go besides standard error: the run folder of the run in progress, if any.
public enum RunLogFile {
    private static let current = Locked<FileHandle?>(nil)
    private static let path = Locked<String?>(nil)

    /// From now on, log lines are appended to `file` (created on the first line).
    public static func attach(_ file: String) {
        detach()
        path.withLock { $0 = file }
    }

    /// Stops writing to the run's file and closes it.
    public static func detach() {
        current.withLock { handle in
            try? handle?.close()
            handle = nil
        }
        path.withLock { $0 = nil }
    }

    /// Appends one line to the attached file.
    static func append(_ line: String) {
        guard let file = path.snapshot else { return }
        current.withLock { handle in
            if handle == nil {
                FileManager.default.createFile(atPath: file, contents: nil, attributes: [.posixPermissions: 0o644])
                handle = FileHandle(forWritingAtPath: file)
                _ = try? handle?.seekToEnd()
            }
            try? handle?.write(contentsOf: Data((ChaosLog.redacted(line) + "\n").utf8))
        }
    }
}

/// A swift-log handler that writes to the run's `chaos.log` (see ``RunLogFile``).
public struct RunLogFileHandler: LogHandler {
    /// The logger's label.
    public let label: String
    public var logLevel: Logger.Level
    public var metadata: Logger.Metadata = [:]

    /// A handler for `label` at `level`.
    public init(label: String, level: Logger.Level) {
        self.label = label
        self.logLevel = level
    }

    public subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    public func log(level: Logger.Level, message: Logger.Message, metadata: Logger.Metadata?, source: String, file: String, function: String, line: UInt) {
        RunLogFile.append("\(MonotonicClock.wallClockLabel()) \(level) \(label): \(message)")
    }
}
