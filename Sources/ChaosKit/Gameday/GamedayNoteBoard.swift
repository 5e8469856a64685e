// Notes from another terminal: while a game day runs it leaves a marker in the platform's state directory
// (`gameday.active`: its process and run), and `chaos note "text"` appends to `gameday.notes` next to it, a
// JSON line stamped with the machine's monotonic clock; the running game day reads what is new every 200 ms
// and puts each note on its timeline at the moment it was written.

import Foundation

/// The game day's notice board in a state directory.
public struct GamedayNoteBoard: Sendable {
    /// The game day that is running.
    public struct Active: Codable, Sendable, Equatable {
        /// Its process.
        public var pid: Int32
        /// Its run id and folder.
        public var runID: String, directory: String
    }

    /// A note posted from another terminal.
    public struct Note: Codable, Sendable, Equatable {
        /// The text (control characters removed).
        public var text: String
        /// Who wrote it, when given.
        public var author: String?
        /// The wall clock (UTC, ISO 8601), a label.
        public var at: String
        /// The machine's `CLOCK_MONOTONIC` reading (ns) when it was written.
        public var monotonicNs: Int64
    }

    /// The platform's state directory.
    public var stateDirectory: String

    /// The board of a state directory.
    public init(stateDirectory: String) { self.stateDirectory = stateDirectory }

    var activePath: String { stateDirectory + "/gameday.active" }
    var notesPath: String { stateDirectory + "/gameday.notes" }

    /// The game day running on this platform, if any (a marker left by a process that is gone does not count).
    public func active() -> Active? {
        guard let data = FileManager.default.contents(atPath: activePath),
              let active = try? JSONDecoder().decode(Active.self, from: data) else { return nil }
        return kill(active.pid, 0) == 0 || errno == EPERM ? active : nil
    }

    /// Marks a game day as running here (refused while another one runs); returns where its notes start.
    public func claim(_ active: Active) throws(RunError) -> Int {
        if let other = self.active(), other.pid != active.pid {
            throw RunError("another game day runs on this platform (process \(other.pid), run \(other.runID))",
                           hint: "one game day at a time per cluster; end the other first")
        }
        do {
            try FileManager.default.createDirectory(atPath: stateDirectory, withIntermediateDirectories: true)
            try JSONEncoder().encode(active).write(to: URL(fileURLWithPath: activePath), options: .atomic)
        } catch {
            throw RunError("cannot write \(activePath): \(error.localizedDescription)", hint: "run as root")
        }
        return JSONLinesFile(path: notesPath).size
    }

    /// Removes the marker, if it is `pid`'s.
    public func release(pid: Int32) {
        let current = active()
        if current == nil || current?.pid == pid { try? FileManager.default.removeItem(atPath: activePath) }
    }

    /// Posts a note for the game day that is running; refused when none is.
    public func post(_ text: String, author: String? = nil) throws(RunError) -> Active {
        guard let active = active() else {
            throw RunError("no game day is running on this platform (no live \(activePath))",
                           hint: "start one with `chaos gameday FILE` or `chaos gameday --free`, then add notes")
        }
        let clean = GamedayText.sanitize(text)
        guard !clean.isEmpty else { throw RunError("the note is empty", hint: "chaos note \"what you saw\"") }
        let note = Note(text: clean, author: author.map(GamedayText.sanitize), at: FaultJournal.timestamp(), monotonicNs: MonotonicClock.absoluteNow())
        do {
            var line = try JSONEncoder().encode(note)
            line.append(0x0A)
            let descriptor = open(notesPath, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0o644)
            guard descriptor >= 0 else { throw RunError("cannot open \(notesPath): \(String(cString: strerror(errno)))") }
            defer { close(descriptor) }
            let written = line.withUnsafeBytes { write(descriptor, $0.baseAddress, $0.count) }
            guard written == line.count else { throw RunError("cannot append to \(notesPath): \(String(cString: strerror(errno)))") }
        } catch let error as RunError {
            throw error
        } catch {
            throw RunError("cannot encode the note: \(error)")
        }
        return active
    }

    /// The notes written after byte `offset` (complete lines only), and the offset to read from next.
    public func notes(after offset: Int) -> (notes: [Note], next: Int) {
        let (notes, next) = JSONLinesFile(path: notesPath).read(Note.self, after: offset)
        return (notes, next)
    }
}
