// Following an append-only file of JSON lines (the fault journal, the game day's notes) from another process:
// what was appended after a byte offset, complete lines only, and where to read from next.

import Foundation

/// An append-only file with one JSON value per line.
struct JSONLinesFile: Sendable {
    /// The file.
    let path: String

    /// The values of the complete lines written after byte `offset`, and the offset to read from next. Lines that
    /// do not decode are skipped; a torn last line waits for its end.
    func read<Value: Decodable>(_ type: Value.Type, after offset: Int) -> (values: [Value], next: Int) {
        guard let handle = FileHandle(forReadingAtPath: path) else { return ([], offset) }
        defer { try? handle.close() }
        guard (try? handle.seek(toOffset: UInt64(offset))) != nil, let data = try? handle.readToEnd(), let end = data.lastIndex(of: 0x0A) else {
            return ([], offset)
        }
        let complete = data[data.startIndex...end]
        let decoder = JSONDecoder()
        return (complete.split(separator: 0x0A).compactMap { try? decoder.decode(Value.self, from: Data($0)) }, offset + complete.count)
    }

    /// The file's size in bytes now (0 when it does not exist yet).
    var size: Int { ((try? FileManager.default.attributesOfItem(atPath: path))?[.size] as? NSNumber)?.intValue ?? 0 }
}
