// An append-only history that, given a file, keeps only its newest records in memory and the rest on disk as CSV,
// so that a run of hours holds as much memory as a run of minutes (ops.csv and metrics.csv are written as they grow).

import Foundation

/// An append-only, thread-safe history of records: all in memory, or — with a file — streamed to that CSV file as
/// they come (buffered; flushed when 256 KB are waiting or, at the next record, when a second has passed) with only the
/// newest `keep` in memory.
///
/// Reading everything back (``all``) parses the file; following it (``after(_:)``) serves the newest records from
/// memory. If the file cannot be written (a full disk), the history keeps every record not yet written in memory
/// from then on, so nothing is lost; ``streamError`` says why.
final class StreamedHistory<Record: Sendable>: Sendable {
    /// How a record becomes a CSV row, and how the file is read back.
    struct Format: Sendable {
        /// The CSV header (without `run_id`).
        let header: String
        /// The run id written as a first column of every row, if any.
        let runID: String?
        /// A record's fields, in the header's order.
        let row: @Sendable (Record) -> [String]
        /// Parses the whole file back (header included).
        let parse: @Sendable (String) throws -> [Record]
        /// Values never written (each becomes ``RunDirectory/redaction``), longest first.
        var secrets: [String] = []
    }

    private struct State {
        /// Records kept in memory; `memory[0]` is record number `memoryStart`.
        var memory: [Record] = []
        var memoryStart = 0
        /// How many records the file holds, flushed.
        var written = 0
        var buffer = Data()
        var bufferedCount = 0
        var lastFlushNs: Int64 = 0
        var handle: FileHandle?
        var fileBytes: UInt64 = 0
        var error: String?
        var closed = false
        var lateRecords = false
        var writeFailed = false
    }

    private let state: Locked<State>
    private let format: Format?
    private let file: URL?
    private let keep: Int

    /// A history held entirely in memory.
    init() {
        state = Locked(State())
        format = nil
        file = nil
        keep = .max
    }

    /// A history streamed to `file` (created or emptied now, header written), keeping the newest `keep` records in
    /// memory. When the file cannot be created the history stays in memory (see ``streamError``).
    init(file: URL, format: Format, keep: Int = 16_384) {
        self.format = format
        self.file = file
        self.keep = max(1, keep)
        var initial = State()
        let header = Data(((format.runID == nil ? "" : "run_id,") + format.header + "\n").utf8)
        if FileManager.default.createFile(atPath: file.path, contents: header), let handle = try? FileHandle(forWritingTo: file) {
            _ = try? handle.seekToEnd()
            initial.handle = handle
            initial.fileBytes = UInt64(header.count)
        } else {
            initial.error = "cannot create \(file.path)"
            initial.writeFailed = true
        }
        initial.lastFlushNs = MonotonicClock.absoluteNow()
        state = Locked(initial)
    }

    /// Why the file stopped being written, or could not be read back, if so.
    var streamError: String? { state.withLock { $0.error } }

    /// Whether the file holds every record appended so far (after ``flush()``) — the history the run folder needs.
    var isStreamed: Bool { format != nil && state.withLock { !$0.writeFailed && !$0.lateRecords } }

    /// How many records have been appended.
    var count: Int { state.withLock { $0.memoryStart + $0.memory.count } }

    /// Appends records in order.
    func append(_ records: [Record]) {
        guard !records.isEmpty else { return }
        state.withLock { state in
            state.memory.append(contentsOf: records)
            if state.closed, format != nil {
                // A thread that outlived its stop: the file is complete without these, so say it is not.
                state.lateRecords = true
                if state.error == nil { state.error = "records came after \(file?.lastPathComponent ?? "the history") was closed; they are kept in memory" }
            }
            guard let format, state.handle != nil else { return }
            let prefix = format.runID.map { CSVTable.field($0) + "," } ?? ""
            for record in records {
                var line = prefix + format.row(record).map(CSVTable.field).joined(separator: ",") + "\n"
                for secret in format.secrets where line.contains(secret) {
                    line = line.replacingOccurrences(of: secret, with: RunDirectory.redaction)
                }
                state.buffer.append(contentsOf: line.utf8)
            }
            state.bufferedCount += records.count
            let now = MonotonicClock.absoluteNow()
            if state.buffer.count >= 256 * 1024 || now - state.lastFlushNs >= 1_000_000_000 { flush(&state, now: now) }
        }
    }

    /// Writes what is buffered to the file.
    func flush() { state.withLock { flush(&$0, now: MonotonicClock.absoluteNow()) } }

    private func flush(_ state: inout State, now: Int64) {
        state.lastFlushNs = now
        guard let handle = state.handle, !state.buffer.isEmpty else { return }
        do {
            try handle.write(contentsOf: state.buffer)
            state.fileBytes += UInt64(state.buffer.count)
            state.written += state.bufferedCount
        } catch {
            // Cut any partial line, then keep everything not written in memory from now on.
            try? handle.truncate(atOffset: state.fileBytes)
            try? handle.close()
            state.handle = nil
            state.error = "cannot write \(file?.path ?? "the history"): \(error)"
            state.writeFailed = true
        }
        state.buffer.removeAll(keepingCapacity: true)
        state.bufferedCount = 0
        // Only records already in the file may leave memory.
        let excess = state.memory.count - keep
        let removable = min(excess, state.written - state.memoryStart)
        if removable > 0 {
            state.memory.removeFirst(removable)
            state.memoryStart += removable
        }
    }

    /// Every record, in append order: the file's (read back) and those held in memory after them.
    ///
    /// - Throws: when the file cannot be read back or parsed.
    func all() throws -> [Record] {
        let (memory, memoryStart, hasFile, bytes) = state.withLock { state -> ([Record], Int, Bool, UInt64) in
            flush(&state, now: MonotonicClock.absoluteNow())
            return (state.memory, state.memoryStart, state.written > 0 && state.memoryStart > 0, state.fileBytes)
        }
        guard hasFile, let format, let file else { return memory }
        // Only what was flushed when the snapshot was taken: a flush by another thread may be writing after it.
        let data = try Data(contentsOf: file).prefix(Int(bytes))
        let fromFile = try format.parse(String(decoding: data, as: UTF8.self))
        guard fromFile.count >= memoryStart else {
            throw ReportError("\(file.path) holds \(fromFile.count) records, \(memoryStart) were written",
                              hint: "the file was changed while the run wrote it; the run keeps what it still holds in memory")
        }
        return Array(fromFile[..<memoryStart]) + memory
    }

    /// The records still held in memory (all of them when nothing was streamed), for when the file cannot be read.
    var inMemory: [Record] { state.withLock { $0.memory } }

    /// The records appended after the first `count`, and the total now: from memory when they are still there (a
    /// follower that keeps up, such as the game day's dashboard), else read back.
    func after(_ count: Int) -> (records: [Record], total: Int) {
        let inMemory = state.withLock { state -> (records: [Record], total: Int)? in
            let total = state.memoryStart + state.memory.count
            let start = min(max(0, count), total)
            guard start >= state.memoryStart else { return nil }
            return (Array(state.memory[(start - state.memoryStart)...]), total)
        }
        if let inMemory { return inMemory }
        if let every = try? all() {
            let start = min(max(0, count), every.count)
            return (Array(every[start...]), every.count)
        }
        // The file cannot be read back: what memory still holds, numbered as appended.
        return state.withLock { state in
            let total = state.memoryStart + state.memory.count
            return (Array(state.memory[max(0, min(count, total) - state.memoryStart)...]), total)
        }
    }

    /// Flushes and closes the file; the history can still be read.
    func close() {
        state.withLock { state in
            flush(&state, now: MonotonicClock.absoluteNow())
            try? state.handle?.close()
            state.handle = nil
            state.closed = true
        }
    }

    /// Every record (``all()``), or — when the file cannot be read back — those held in memory, the reason kept for
    /// ``streamError``.
    func everything() -> [Record] {
        do { return try all() } catch {
            let reason = "\(file?.path ?? "the history") could not be read back (\(error)); only the newest records were judged"
            state.withLock { if $0.error == nil { $0.error = reason } }
            return inMemory
        }
    }
}
