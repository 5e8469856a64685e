// A run's predictions next to what it measured: where each measurement fell and the prediction's error.

import Foundation

/// One predicted metric against its measurement.
public struct PredictionOutcome: Sendable, Hashable, Codable {
    /// The prediction.
    public var prediction: Prediction
    /// What the run measured (seconds or a count); nil when it was not measured (e.g. the path never recovered).
    public var measured: Double?
    /// How far outside the interval the measurement fell (negative: below, positive: above, 0: inside); nil when not
    /// measured.
    public var error: Double?

    /// True when the measurement fell inside the predicted interval.
    public var inside: Bool { error == 0 }
}

/// Compares a prediction set with a run's results.
public enum PredictionComparison {
    /// One outcome per prediction, in the prediction set's order.
    public static func compare(_ set: PredictionSet, with results: MeasurementResults) -> [PredictionOutcome] {
        set.predictions.map { prediction in
            let measured: Double? = switch results.value(of: prediction.metric) {
            case .duration(let seconds)?: seconds
            case .count(let count)?: Double(count)
            default: nil
            }
            return PredictionOutcome(prediction: prediction, measured: measured, error: measured.map(prediction.error(of:)))
        }
    }

    /// Table rows for summary.md: metric, predicted, measured, error, derivation.
    static func rows(_ outcomes: [PredictionOutcome]) -> [[String]] {
        outcomes.map { outcome in
            let p = outcome.prediction
            let unit = p.unit == .seconds ? " s" : ""
            let measured = outcome.measured.map { p.unit == .seconds ? String(format: "%.2f s", $0) : Prediction.format($0) } ?? "not measured"
            let error: String = switch outcome.error {
            case nil: "—"
            case 0?: "inside"
            case let value?: (value > 0 ? "+" : "") + (p.unit == .seconds ? String(format: "%.2f", value) : Prediction.format(value)) + unit
            }
            return [p.metric, p.intervalText, measured, error, p.derivation]
        }
    }
}
