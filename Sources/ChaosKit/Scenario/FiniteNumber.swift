// Numbers as scenarios write them: plain decimals only, never NaN, infinity or a value no double holds.

import Foundation

/// Parses the numbers a scenario may write.
enum FiniteNumber {
    /// The largest magnitude accepted (10^12): far above any count or percentage a scenario means, and small
    /// enough that every whole number up to it prints and converts exactly.
    static let magnitudeLimit = 1e12

    /// A decimal such as `30`, `-2`, `2.5` or `1e3` that is finite and within ``magnitudeLimit``; nil for
    /// `nan`, `inf`, `0x10`, 40-digit numbers and anything else.
    static func parse(_ text: String) -> Double? {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        guard !trimmed.isEmpty,
              trimmed.allSatisfy({ $0.isASCII && ($0.isNumber || "+-.eE".contains($0)) }),
              let value = Double(trimmed), value.isFinite, abs(value) <= magnitudeLimit else { return nil }
        return value
    }
}
