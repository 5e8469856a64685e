// A WAL location (LSN) as PostgreSQL prints it, `X/Y`, kept as a 64-bit byte position.

/// A PostgreSQL log sequence number.
public struct WALPosition: Sendable, Hashable, Comparable, Codable, CustomStringConvertible {
    /// The byte position in the WAL stream.
    public var value: UInt64

    /// Wraps a byte position.
    public init(_ value: UInt64) { self.value = value }

    /// Parses PostgreSQL's `X/Y` text form (both halves hexadecimal); nil when malformed.
    public init?(text: String) {
        let halves = text.split(separator: "/", omittingEmptySubsequences: false)
        guard halves.count == 2, let high = UInt64(halves[0], radix: 16), let low = UInt64(halves[1], radix: 16),
            high <= UInt64(UInt32.max), low <= UInt64(UInt32.max)
        else { return nil }
        value = high << 32 | low
    }

    public var description: String {
        String(value >> 32, radix: 16, uppercase: true) + "/" + String(value & 0xFFFF_FFFF, radix: 16, uppercase: true)
    }

    public static func < (lhs: WALPosition, rhs: WALPosition) -> Bool { lhs.value < rhs.value }

    public init(from decoder: any Decoder) throws {
        let text = try decoder.singleValueContainer().decode(String.self)
        guard let position = WALPosition(text: text) else {
            throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath, debugDescription: "not an LSN: \(text)"))
        }
        self = position
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(description)
    }
}
