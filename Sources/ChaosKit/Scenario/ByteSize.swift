// Sizes in hypotheses about bytes: `16MB`, `512kB`, `1GiB` (PostgreSQL's units: kB, MB, GB, TB are 1024-based).

import Foundation

/// Parses a size with a unit into bytes.
enum ByteSize {
    /// Units and their factors: PostgreSQL's (kB = 1024) and the IEC names.
    static let units: [(suffix: String, factor: Double)] = [
        ("KiB", 1024), ("MiB", 1024 * 1024), ("GiB", 1024 * 1024 * 1024), ("TiB", 1024 * 1024 * 1024 * 1024),
        ("kB", 1024), ("MB", 1024 * 1024), ("GB", 1024 * 1024 * 1024), ("TB", 1024 * 1024 * 1024 * 1024), ("B", 1),
    ]

    /// Bytes for `16MB`, `512kB`, `1GiB`, `100B`; nil for anything else (a bare number is not a size here).
    static func parse(_ text: String) -> Double? {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        for unit in units where trimmed.hasSuffix(unit.suffix) {
            let number = trimmed.dropLast(unit.suffix.count).trimmingCharacters(in: .whitespaces)
            guard let value = FiniteNumber.parse(number), value >= 0 else { return nil }
            let bytes = value * unit.factor
            return bytes <= 1e15 ? bytes : nil
        }
        return nil
    }

    /// A byte count for people: `0`, `512B`, `12kB`, `3.4MB`, `1.2GB` (1024-based, as PostgreSQL prints sizes).
    static func describe(_ bytes: Double) -> String {
        if bytes < 1024 { return "\(Int(bytes))B" }
        for (suffix, factor) in [("GB", 1024.0 * 1024 * 1024), ("MB", 1024.0 * 1024), ("kB", 1024.0)] where bytes >= factor {
            let value = bytes / factor
            return value >= 10 ? "\(Int(value.rounded()))\(suffix)" : String(format: "%.1f", value) + suffix
        }
        return "\(Int(bytes))B"
    }
}
