// The axes of the bench charts: a linear value scale from 0 with round ticks, and the client-count axis.

import Foundation

/// A linear scale from 0 to a round maximum, with ticks every 1, 2 or 5 × 10ⁿ.
struct BenchValueScale {
    /// The top of the scale.
    let maximum: Double
    /// The distance between ticks.
    let step: Double

    /// A scale reaching at least `value` with about `ticks` steps.
    init(covering value: Double, ticks: Int = 4) {
        let value = value.isFinite && value > 0 ? value : 1
        let raw = value / Double(max(ticks, 1))
        let magnitude = pow(10, log10(raw).rounded(.down))
        let step = [1.0, 2, 5, 10].map { $0 * magnitude }.first { $0 >= raw * (1 - 1e-9) } ?? 10 * magnitude
        self.step = step
        self.maximum = max(step, (value / step - 1e-9).rounded(.up) * step)
    }

    /// The tick values, 0 to the maximum.
    var ticks: [Double] {
        Array(stride(from: 0.0, through: maximum + step / 2, by: step))
    }

    /// Maps a value to a y coordinate between `bottom` (0) and `top` (the maximum).
    func y(_ value: Double, top: Double, bottom: Double) -> Double {
        bottom - min(max(value, 0), maximum) / maximum * (bottom - top)
    }

    /// A tick's label.
    func label(_ value: Double) -> String { BenchFormat.tick(value, step: step) }
}

/// The x axis of the client-count charts: the measured client counts as ticks, logarithmic when they span a
/// factor above 4 (1, 2, 4, … 64 spread evenly), linear otherwise.
struct BenchClientAxis {
    /// The client counts, ascending, each once.
    let counts: [Int]
    /// The leftmost and rightmost x of the plot.
    let left: Double
    let right: Double
    /// Whether positions follow log₂ of the client count.
    let logarithmic: Bool

    /// An axis over `counts` between `left` and `right` (with an inset so end points are not on the frame).
    init(counts: [Int], left: Double, right: Double) {
        let counts = Array(Set(counts.map { max($0, 1) })).sorted()
        self.counts = counts
        self.left = left
        self.right = right
        let low = Double(counts.first ?? 1)
        let high = Double(counts.last ?? 1)
        self.logarithmic = high / low > 4
    }

    /// The x of a client count.
    func x(_ clients: Int) -> Double {
        let inset = min(24, (right - left) / 6)
        guard let low = counts.first, let high = counts.last, high > low else { return (left + right) / 2 }
        let value = Double(max(clients, 1))
        let fraction: Double
        if logarithmic {
            fraction = (log2(value) - log2(Double(low))) / (log2(Double(high)) - log2(Double(low)))
        } else {
            fraction = (value - Double(low)) / Double(high - low)
        }
        return left + inset + fraction * (right - left - 2 * inset)
    }

    /// The axis title.
    var title: String { logarithmic ? "clients (log scale)" : "clients" }
}

extension BenchTarget {
    /// The target's fixed chart colour: single grey, direct blue, pgpool orange, replica green.
    var chartColour: String {
        switch self {
        case .single: return "#757575"
        case .direct: return "#1e88e5"
        case .pgpool: return "#ef6c00"
        case .replica: return "#2e7d32"
        }
    }

    /// The stroke dash pattern of the target's lines: the single-node baseline is dashed, the others solid.
    var chartDash: String? { self == .single ? "6 4" : nil }
}
