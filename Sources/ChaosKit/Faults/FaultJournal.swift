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

    /// Creates a record.
    public init(event: Event, id: String, kind: String? = nil, target: String? = nil, undo: [UndoAction]? = nil, run: String? = nil, at: String) {
        self.event = event
        self.id = id
        self.kind = kind
        self.target = target
        self.undo = undo
        self.run = run
        self.at = at
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

    /// Appends one record and forces it to disk before returning.
    public func append(_ record: FaultJournalRecord) throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        var line = try encoder.encode(record)
        line.append(0x0A)
        let descriptor = open(path, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0o600)
        guard descriptor >= 0 else {
            throw FaultJournalError(path: path, reason: "cannot open for appending: \(String(cString: strerror(errno)))")
        }
        defer { close(descriptor) }
        let written = line.withUnsafeBytes { write(descriptor, $0.baseAddress, $0.count) }
        guard written == line.count, fsync(descriptor) == 0 else {
            throw FaultJournalError(path: path, reason: "write or fsync failed: \(String(cString: strerror(errno)))")
        }
    }

    /// Every record, in order. A torn last line (crash mid-write) is ignored; a missing file is empty.
    public func records() throws -> [FaultJournalRecord] {
        guard let data = FileManager.default.contents(atPath: path) else { return [] }
        let decoder = JSONDecoder()
        return data.split(separator: 0x0A).compactMap { try? decoder.decode(FaultJournalRecord.self, from: Data($0)) }
    }

    /// Injected faults without a healed record, oldest first.
    public func unhealed() throws -> [UnhealedFault] {
        var open: [String: FaultJournalRecord] = [:]
        var order: [String] = []
        for record in try records() {
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
