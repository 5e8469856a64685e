// Bins of RTO values for a soak's histograms (soak.md and report.html): 1 s wide, or a wider round step so that
// values spread over a long range still fit in at most 30 bins.

/// Equal-width bins over some durations.
public struct SoakHistogram: Sendable, Equatable {
    /// Where the first bin starts, and each bin's width, ns.
    public var lowNs: Int64, widthNs: Int64
    /// Values per bin, from the first bin holding one to the last.
    public var counts: [Int]

    /// The bins of `values` (empty when there are none).
    public init(values: [Int64]) {
        guard let minimum = values.min(), let maximum = values.max() else {
            (lowNs, widthNs, counts) = (0, 1_000_000_000, [])
            return
        }
        let steps: [Int64] = [1, 2, 5, 10, 20, 30, 60, 120, 300, 600].map { $0 * 1_000_000_000 }
        let width = steps.first { (maximum / $0) - (minimum / $0) < 30 } ?? steps[steps.count - 1]
        let low = (minimum / width) * width
        var counts = Array(repeating: 0, count: Int((maximum - low) / width) + 1)
        for value in values { counts[Int((value - low) / width)] += 1 }
        (lowNs, widthNs, self.counts) = (low, width, counts)
    }
}
