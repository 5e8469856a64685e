// A predicted interval for one measurable, how it was derived, and how far a measurement fell from it.

import Foundation

/// What the model expects one metric to measure.
public struct Prediction: Sendable, Hashable, Codable {
    /// The metric, as hypotheses name it (`rto.direct`, `layer.promotion`, `rpo.lost`).
    public var metric: String
    /// The lowest expected value: seconds for durations, a number for counts.
    public var low: Double
    /// The highest expected value.
    public var high: Double
    /// Seconds or a count.
    public var unit: PredictionUnit
    /// The derivation in one line, with the settings put in (docs/predictions.md explains each term).
    public var derivation: String

    /// Where `measured` falls: inside, or how far below or above the interval (the prediction's error).
    public func error(of measured: Double) -> Double {
        if measured < low { return measured - low }
        if measured > high { return measured - high }
        return 0
    }

    /// `9.0–11.7 s` or `0–5`.
    public var intervalText: String {
        unit == .seconds ? "\(Self.format(low))–\(Self.format(high)) s" : "\(Self.format(low))–\(Self.format(high))"
    }

    static func format(_ value: Double) -> String {
        value == value.rounded() ? String(Int(value)) : String(format: "%.1f", value)
    }
}

/// What a predicted value is measured in.
public enum PredictionUnit: String, Sendable, Hashable, Codable {
    /// A duration in seconds (`s` in run.json).
    case seconds = "s"
    /// A count.
    case count
}

/// The model's answer for one scenario: its predictions, or why it has none.
public struct PredictionSet: Sendable, Hashable, Codable {
    /// The situation the model recognised (`primary node crash`), or nil.
    public var situation: String?
    /// The settings the predictions were computed from, in words.
    public var settings: String
    /// One per predicted metric.
    public var predictions: [Prediction]
    /// Why there are none, when the model does not cover the scenario's fault.
    public var unmodelled: String?

    /// The prediction for a metric, if there is one.
    public func prediction(for metric: String) -> Prediction? { predictions.first { $0.metric == metric } }
}
