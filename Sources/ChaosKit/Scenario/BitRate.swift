// Link rates as tc writes them: 1mbit, 500kbit, 10gbit.

/// A rate in bits per second, written like tc's `1mbit`.
public struct BitRate: Sendable, Hashable, CustomStringConvertible {
    /// Bits per second.
    public var bitsPerSecond: Int64

    /// The fastest rate a scenario may ask for: 100 gbit.
    public static let maximum = BitRate(bitsPerSecond: 100_000_000_000)

    private static let units: [(suffix: String, factor: Int64)] = [
        ("gbit", 1_000_000_000), ("mbit", 1_000_000), ("kbit", 1_000), ("bit", 1),
    ]

    /// Parses `1mbit`, `500kbit`, `2gbit`, `9600bit`; a finite rate of at least 1 bit/s and at most 100 gbit,
    /// or why not.
    public static func parse(_ text: String) -> Result<BitRate, BitRate.ParseError> {
        let lowered = text.lowercased()
        for unit in units where lowered.hasSuffix(unit.suffix) {
            let number = lowered.dropLast(unit.suffix.count)
            // Digits and one dot only: Double would also take "inf", "nan", "1e30" and hexadecimal.
            guard !number.isEmpty, number.allSatisfy({ $0.isASCII && ($0.isNumber || $0 == ".") }),
                  number.filter({ $0 == "." }).count <= 1, let value = Double(number) else {
                return .failure(ParseError(text: text, reason: "is not a rate; write e.g. 1mbit, 500kbit or 10gbit"))
            }
            let bits = value * Double(unit.factor)
            guard bits.isFinite, bits <= Double(maximum.bitsPerSecond) else {
                return .failure(ParseError(text: text, reason: "is faster than the 100gbit a rate may be"))
            }
            guard bits >= 1 else {
                return .failure(ParseError(text: text, reason: "is below 1bit per second; tc cannot shape to less"))
            }
            return .success(BitRate(bitsPerSecond: Int64(bits.rounded())))
        }
        return .failure(ParseError(text: text, reason: "is not a rate; write e.g. 1mbit, 500kbit or 10gbit"))
    }

    /// Why a text is not a rate.
    public struct ParseError: Error, Sendable, Equatable, CustomStringConvertible {
        /// The text as written.
        public var text: String
        /// What is wrong with it.
        public var reason: String

        public var description: String { "'\(text)' \(reason)" }
    }

    /// The tc spelling, e.g. `1mbit`.
    public var description: String {
        for unit in Self.units where bitsPerSecond % unit.factor == 0 {
            return "\(bitsPerSecond / unit.factor)\(unit.suffix)"
        }
        return "\(bitsPerSecond)bit"
    }
}
