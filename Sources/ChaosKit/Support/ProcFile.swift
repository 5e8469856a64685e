// Reading a /proc file whole. The kernel reports such files with size 0 and hands them out page by page; a reader
// that trusts the size or stops after one read gets the first 4 KB only (a mountinfo with both labs' namespaces
// and overlays is longer than that).

import Foundation

/// A file under /proc, read to its end.
public enum ProcFile {
    /// The whole text of `path`, read until end of file; nil when it cannot be opened.
    public static func text(_ path: String) -> String? {
        guard let handle = FileHandle(forReadingAtPath: path) else { return nil }
        defer { try? handle.close() }
        guard let data = try? handle.readToEnd() else { return nil }
        return String(decoding: data ?? Data(), as: UTF8.self)
    }

    /// The mount points listed in /proc/self/mountinfo, in mount order (`\040` read as a space), with their
    /// filesystem types.
    public static func mounts() -> [(point: String, type: String)] {
        (text("/proc/self/mountinfo") ?? "").split(separator: "\n").compactMap { line in
            let fields = line.split(separator: " ")
            guard fields.count > 4, let dash = fields.firstIndex(of: "-"), dash + 1 < fields.count else { return nil }
            return (String(fields[4]).replacingOccurrences(of: "\\040", with: " "), String(fields[dash + 1]))
        }
    }
}
