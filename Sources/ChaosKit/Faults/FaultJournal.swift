// The crash-safe fault journal: before a fault is applied, what will be done and how to undo it is
// appended and fsynced; after heal, a `healed` record follows. Whatever happens to the runner, the
// unhealed entries say exactly what to undo (`chaos recover`).

import Foundation

/// One journal record (a line of JSON).
public struct FaultJournalRecord: Codable, Sendable, Equatable {
    /// What the record says.
    public enum Event: String, Codable, Sendable {
        /// A fault is about to be applied; `undo` says how to take it back.
        case inject
        /// The fault was healed (undo done or never needed).
        case healed
    }

    /// inject or healed.
    public var event: Event
    /// The fault's id, unique within the journal (e.g. `f-20261127T041500Z-1`).
    public var id: String
    /// The fault kind (`kill`, `partition`…); inject only.
    public var kind: String?
    /// What was resolved from the target (`pg2 (primary)`), inject only.
    public var target: String?
    /// The steps that undo it, in order; inject only.
    public var undo: [UndoAction]?
    /// The run that injected it (or `manual` for `chaos fault inject`).
    public var run: String?
    /// Wall-clock label (UTC, ISO 8601); never used for measurement.
    public var at: String
    /// The machine's `CLOCK_MONOTONIC` reading (ns) when the record was written: a run measuring meanwhile (a
    /// game day) places a fault injected from another terminal on its own clock with it. Absent in older journals.
    public var monotonicNs: Int64?

    /// Creates a record, stamped with the monotonic clock now.
    public init(event: Event, id: String, kind: String? = nil, target: String? = nil, undo: [UndoAction]? = nil, run: String? = nil, at: String,
                monotonicNs: Int64? = MonotonicClock.absoluteNow()) {
        self.event = event
        self.id = id
        self.kind = kind
        self.target = target
        self.undo = undo
        self.run = run
        self.at = at
        self.monotonicNs = monotonicNs
    }
}

/// An injected fault not yet healed.
public struct UnhealedFault: Sendable, Equatable {
    /// The inject record.
    public var record: FaultJournalRecord
    /// Its undo steps.
    public var undo: [UndoAction] { record.undo ?? [] }
}

/// The journal file: append-only JSON lines, fsynced on every append.
public struct FaultJournal: Sendable {
    /// The file (`<stateDir>/faults.journal`).
    public var path: String

    /// A journal at a path.
    public init(path: String) { self.path = path }

    /// The journal of a lab state directory.
    public init(stateDirectory: String) { self.path = stateDirectory + "/faults.journal" }

    /// Appends one record and forces it to disk before returning. When the file does not end in a newline (a
    /// runner died mid-write), the record starts on a line of its own, so the torn line cannot swallow it.
    public func append(_ record: FaultJournalRecord) throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        var line = try encoder.encode(record)
        line.append(0x0A)
        let descriptor = open(path, O_RDWR | O_APPEND | O_CREAT | O_CLOEXEC, 0o600)
        guard descriptor >= 0 else {
            throw FaultJournalError(path: path, reason: "cannot open for appending: \(String(cString: strerror(errno)))")
        }
        defer { close(descriptor) }
        let size = lseek(descriptor, 0, SEEK_END)
        if size > 0 {
            var last: UInt8 = 0
            guard pread(descriptor, &last, 1, size - 1) == 1 else {
                throw FaultJournalError(path: path, reason: "cannot read its end: \(String(cString: strerror(errno)))")
            }
            if last != 0x0A { line.insert(0x0A, at: 0) }
        }
        let written = line.withUnsafeBytes { write(descriptor, $0.baseAddress, $0.count) }
        guard written == line.count, fsync(descriptor) == 0 else {
            throw FaultJournalError(path: path, reason: "write or fsync failed: \(String(cString: strerror(errno)))")
        }
    }

    /// The journal as read: its records, and the lines that could not be read.
    public struct Contents: Sendable {
        /// Every readable record, in order.
        public var records: [FaultJournalRecord]
        /// 1-based numbers of lines that are not a record, other than a torn last line. Each may have been an
        /// inject record whose undo is lost, so they are reported, never silently skipped.
        public var damagedLines: [Int]
        /// Whether the last line is torn (the writer died mid-append); ignored, as it was never acted on.
        public var tornLastLine: Bool
    }

    /// Reads the journal. A missing file is empty; a file that exists but cannot be read (permissions, a
    /// directory) is an error, never "no faults".
    public func read() throws -> Contents {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
            return Contents(records: [], damagedLines: [], tornLastLine: false)
        }
        if isDirectory.boolValue { throw FaultJournalError(path: path, reason: "is a directory, not a journal file") }
        guard let data = FileManager.default.contents(atPath: path) else {
            throw FaultJournalError(path: path, reason: "cannot be read (\(String(cString: strerror(errno)))); run as root")
        }
        let decoder = JSONDecoder()
        let lines = data.split(separator: 0x0A, omittingEmptySubsequences: false)
        var records: [FaultJournalRecord] = []
        var damaged: [Int] = []
        for (index, line) in lines.enumerated() where !line.isEmpty {
            if let record = try? decoder.decode(FaultJournalRecord.self, from: Data(line)) {
                records.append(record)
            } else {
                damaged.append(index + 1)
            }
        }
        // Only the very end of the file can be a torn append: its last line without a newline.
        let torn = data.last != 0x0A && damaged.last == lines.count
        if torn { damaged.removeLast() }
        return Contents(records: records, damagedLines: damaged, tornLastLine: torn)
    }

    /// Every readable record, in order (see ``read()`` for damaged lines).
    public func records() throws -> [FaultJournalRecord] { try read().records }

    /// Injected faults without a healed record, oldest first.
    public func unhealed() throws -> [UnhealedFault] { Self.unhealed(in: try records()) }

    /// The injected faults without a healed record among `records`, oldest first.
    public static func unhealed(in records: [FaultJournalRecord]) -> [UnhealedFault] {
        var open: [String: FaultJournalRecord] = [:]
        var order: [String] = []
        for record in records {
            switch record.event {
            case .inject:
                open[record.id] = record
                order.append(record.id)
            case .healed:
                open[record.id] = nil
            }
        }
        return order.compactMap { open[$0] }.map(UnhealedFault.init)
    }

    /// The complete records written after byte `offset`, and the offset to read from next (a reader that follows
    /// the journal decodes only what is new). Damaged lines are skipped; a torn last line waits for its end.
    public func records(after offset: Int) -> (records: [FaultJournalRecord], next: Int) {
        let (records, next) = JSONLinesFile(path: path).read(FaultJournalRecord.self, after: offset)
        return (records, next)
    }

    /// The journal's size in bytes now (0 when it does not exist yet).
    public var size: Int { JSONLinesFile(path: path).size }

    /// Records that a fault is healed.
    public func markHealed(_ id: String) throws {
        try append(FaultJournalRecord(event: .healed, id: id, at: Self.timestamp()))
    }

    /// A UTC ISO 8601 label for now.
    public static func timestamp() -> String {
        ISO8601DateFormatter().string(from: Date())
    }
}

/// The journal could not be written or read.
public struct FaultJournalError: Error, Sendable, CustomStringConvertible {
    /// The journal file.
    public var path: String
    /// What went wrong.
    public var reason: String

    public var description: String { "fault journal \(path): \(reason)" }
}
