// A confidence interval for the median that assumes no distribution: two order statistics, chosen from the binomial
// distribution. It suits the small, skewed samples of a study (three RTOs, one long) where mean ± t does not.

import Foundation

/// The interval [x(k), x(n−k+1)] around the median of n values and the confidence it really has.
public struct MedianInterval: Sendable, Hashable, Codable {
    /// Lower end (the k-th smallest value).
    public var low: Double
    /// Upper end (the k-th largest value).
    public var high: Double
    /// Its coverage: 1 − 2·P(Binomial(n, ½) ≤ k − 1). At least `level` when n allows; else that of [min, max].
    public var confidence: Double

    /// The narrowest such interval with coverage ≥ `level`; below 6 values no interval reaches 95 %, and [min, max]
    /// is given with its own, lower confidence (75 % for 3 values, 93.75 % for 5). nil for no values.
    public static func of(_ values: [Double], level: Double = 0.95) -> MedianInterval? {
        let sorted = values.sorted()
        let n = sorted.count
        guard n > 0 else { return nil }
        guard n > 1 else { return MedianInterval(low: sorted[0], high: sorted[0], confidence: 0) }
        var chosen = 1
        for k in stride(from: n / 2, through: 1, by: -1) where coverage(n: n, k: k) >= level {
            chosen = k
            break
        }
        return MedianInterval(low: sorted[chosen - 1], high: sorted[n - chosen], confidence: coverage(n: n, k: chosen))
    }

    /// 1 − 2·P(B ≤ k − 1) for B ~ Binomial(n, ½).
    static func coverage(n: Int, k: Int) -> Double {
        var tail = 0.0
        var term = pow(0.5, Double(n))  // C(n, 0) / 2^n
        for i in 0..<k {
            tail += term
            term = term * Double(n - i) / Double(i + 1)
        }
        return 1 - 2 * tail
    }
}
