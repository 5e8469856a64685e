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

    /// Creates an evaluator over a metric source.
    public init(value: @escaping @Sendable (String) -> Expression.Literal?) { self.value = value }

    /// Judges one expression.
    public func evaluate(_ expression: Expression) -> ExpressionVerdict {
        let name = expression.metric.name
        guard let measured = value(name) else {
            return ExpressionVerdict(
                expression: expression.source, measured: nil, held: false, problem: "\(name) was not measured in this run",
                line: "\(expression.source): not measured ✗")
        }
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
}
