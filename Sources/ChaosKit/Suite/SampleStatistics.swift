// Order statistics and a 95 % confidence interval of the mean for repeated measurements of one metric.

import Foundation

/// Summary statistics of repeated measurements (e.g. `rto.direct` over `--repeat 10`).
///
/// Quantiles interpolate linearly between order statistics (Hyndman & Fan type 7, the default of R's
/// `quantile` and NumPy's `percentile`), so a thesis recomputing them from `run.json` gets the same figures.
/// The interval is mean ± t(0.975, n−1) · s / √n with the sample standard deviation `s`.
public struct SampleStatistics: Codable, Sendable, Equatable {
    /// Number of measured values.
    public var count: Int
    /// Smallest value.
    public var min: Double
    /// Median (0.5 quantile).
    public var median: Double
    /// 0.95 quantile.
    public var p95: Double
    /// Largest value.
    public var max: Double
    /// Arithmetic mean.
    public var mean: Double
    /// Sample standard deviation (n − 1); nil for a single value.
    public var standardDeviation: Double?
    /// Half-width of the 95 % confidence interval of the mean; nil for a single value.
    public var ci95HalfWidth: Double?

    /// Statistics of `values`; nil when there are none.
    public init?(_ values: [Double]) {
        guard !values.isEmpty else { return nil }
        let sorted = values.sorted()
        count = sorted.count
        min = sorted[0]
        max = sorted[sorted.count - 1]
        median = Self.quantile(sorted, 0.5)
        p95 = Self.quantile(sorted, 0.95)
        mean = sorted.reduce(0, +) / Double(sorted.count)
        if sorted.count > 1 {
            let squares = sorted.reduce(0) { $0 + ($1 - mean) * ($1 - mean) }
            let deviation = (squares / Double(sorted.count - 1)).squareRoot()
            standardDeviation = deviation
            ci95HalfWidth = Self.studentT975(degreesOfFreedom: sorted.count - 1) * deviation / Double(sorted.count).squareRoot()
        } else {
            standardDeviation = nil
            ci95HalfWidth = nil
        }
    }

    /// The `q` quantile of sorted values, type 7 (linear between order statistics).
    static func quantile(_ sorted: [Double], _ q: Double) -> Double {
        let position = q * Double(sorted.count - 1)
        let lower = Int(position.rounded(.down))
        let upper = Swift.min(lower + 1, sorted.count - 1)
        let fraction = position - Double(lower)
        return sorted[lower] + (sorted[upper] - sorted[lower]) * fraction
    }

    /// The 0.975 quantile of Student's t distribution (two-sided 95 %), tabulated to 30 degrees of freedom,
    /// then stepping down to the normal 1.96.
    static func studentT975(degreesOfFreedom df: Int) -> Double {
        let table: [Double] = [
            12.706, 4.303, 3.182, 2.776, 2.571, 2.447, 2.365, 2.306, 2.262, 2.228,
            2.201, 2.179, 2.160, 2.145, 2.131, 2.120, 2.110, 2.101, 2.093, 2.086,
            2.080, 2.074, 2.069, 2.064, 2.060, 2.056, 2.052, 2.048, 2.045, 2.042,
        ]
        if df >= 1 && df <= table.count { return table[df - 1] }
        if df <= 40 { return 2.021 }
        if df <= 60 { return 2.000 }
        if df <= 120 { return 1.980 }
        return 1.960
    }
}
