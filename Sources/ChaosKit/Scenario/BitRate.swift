// Link rates as tc writes them: 1mbit, 500kbit, 10gbit.

/// A rate in bits per second, written like tc's `1mbit`.
public struct BitRate: Sendable, Hashable, CustomStringConvertible {
    /// Bits per second.
    public var bitsPerSecond: Int64

    private static let units: [(suffix: String, factor: Int64)] = [
        ("gbit", 1_000_000_000), ("mbit", 1_000_000), ("kbit", 1_000), ("bit", 1),
    ]

    /// Parses `1mbit`, `500kbit`, `2gbit`, `9600bit`.
    public static func parse(_ text: String) -> BitRate? {
        let lowered = text.lowercased()
        for unit in units where lowered.hasSuffix(unit.suffix) {
            let number = lowered.dropLast(unit.suffix.count)
            guard let value = Double(number), value > 0 else { return nil }
            return BitRate(bitsPerSecond: Int64(value * Double(unit.factor)))
        }
        return nil
    }

    /// The tc spelling, e.g. `1mbit`.
    public var description: String {
        for unit in Self.units where bitsPerSecond % unit.factor == 0 {
            return "\(bitsPerSecond / unit.factor)\(unit.suffix)"
        }
        return "\(bitsPerSecond)bit"
    }
}
