// Judges hypotheses and stop conditions against measured values; each verdict carries the value and the bound.

/// The verdict on one expression.
public struct ExpressionVerdict: Sendable, Codable, Equatable {
    /// The expression as written.
    public var expression: String
    /// The measured value, as text (`9.84s`, `0`, `true`), or nil when it could not be measured.
    public var measured: String?
    /// Whether it held. An unmeasurable value never holds.
    public var held: Bool
    /// Why it could not be judged, when it could not.
    public var problem: String?
    /// `rto.direct = 9.84s < 15s ✓`.
    public var line: String
}

/// Evaluates expressions given a way to read metrics.
public struct HypothesisEvaluator: Sendable {
    /// Reads a metric's value by name; nil when it was not measured.
    public var value: @Sendable (String) -> Expression.Literal?

    /// The run's predictions, for `predicted.*` bounds (nil: none were made).
    public var predictions: PredictionSet?

    /// Creates an evaluator over a metric source and, for `predicted.*` bounds, the run's predictions.
    public init(predictions: PredictionSet? = nil, value: @escaping @Sendable (String) -> Expression.Literal?) {
        self.predictions = predictions
        self.value = value
    }

    /// Judges one expression.
    public func evaluate(_ expression: Expression) -> ExpressionVerdict {
        let name = expression.metric.name
        guard let measured = value(name) else {
            return ExpressionVerdict(
                expression: expression.source, measured: nil, held: false, problem: "\(name) was not measured in this run",
                line: "\(expression.source): not measured ✗")
        }
        if let bound = expression.predicted { return evaluate(expression, measured: measured, against: bound) }
        let held: Bool
        switch (measured, expression.op, expression.literal) {
        case (.boolean(let flag), nil, nil): held = flag
        case (.boolean(let flag), .some(let op), .some(.boolean(let bound))): held = op == .equal ? flag == bound : flag != bound
        case (.duration(let a), .some(let op), .some(.duration(let b))): held = op.holds(Double(a.nanoseconds), Double(b.nanoseconds))
        case (.number(let a), .some(let op), .some(.number(let b))): held = op.holds(a, b)
        default:
            return ExpressionVerdict(
                expression: expression.source, measured: measured.description, held: false,
                problem: "\(name) measured as \(measured) cannot be compared with \(expression.literal?.description ?? "nothing")",
                line: "\(expression.source): type mismatch ✗")
        }
        let mark = held ? "✓" : "✗"
        let line: String
        if let op = expression.op, let bound = expression.literal {
            line = "\(name) = \(measured) \(op.rawValue) \(bound) \(mark)"
        } else {
            line = "\(name) = \(measured) \(mark)"
        }
        return ExpressionVerdict(expression: expression.source, measured: measured.description, held: held, problem: nil, line: line)
    }

    /// `M within predicted.P` (ends included) or `M OP predicted.P.min|max`.
    private func evaluate(_ expression: Expression, measured: Expression.Literal, against bound: Expression.PredictedBound) -> ExpressionVerdict {
        let name = expression.metric.name
        guard let prediction = predictions?.prediction(for: bound.metric) else {
            let why = predictions?.unmodelled ?? predictions?.situation ?? "no prediction was made"
            return ExpressionVerdict(
                expression: expression.source, measured: measured.description, held: false,
                problem: "predicted.\(bound.metric) does not exist for this run: \(why)", line: "\(expression.source): not predicted ✗")
        }
        let value: Double
        switch measured {
        case .duration(let duration): value = Double(duration.nanoseconds) / 1e9
        case .number(let number): value = number
        case .boolean:
            return ExpressionVerdict(expression: expression.source, measured: measured.description, held: false,
                                     problem: "\(name) is true or false", line: "\(expression.source): type mismatch ✗")
        }
        let held: Bool
        let boundText: String
        switch bound.side {
        case .interval:
            held = value >= prediction.low && value <= prediction.high
            boundText = "within predicted \(prediction.intervalText)"
        case .low, .high:
            let end = bound.side == .low ? prediction.low : prediction.high
            held = expression.op?.holds(value, end) ?? false
            let endText = prediction.unit == .seconds ? ScenarioDuration.seconds(end).description : Prediction.format(end)
            boundText = "\(expression.op?.rawValue ?? "?") predicted.\(bound.metric).\(bound.side.rawValue) (\(endText))"
        }
        return ExpressionVerdict(expression: expression.source, measured: measured.description, held: held, problem: nil,
                                 line: "\(name) = \(measured) \(boundText) \(held ? "✓" : "✗")")
    }
}
