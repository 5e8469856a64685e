// Hypotheses and stop conditions: `rto.direct < 15s`, `rpo.lost == 0`, `invariant.single_writer`.

import Foundation

/// A comparison of one metric with a literal, or a boolean metric alone.
public struct Expression: Sendable, Hashable, CustomStringConvertible {
    /// A comparison operator.
    public enum Operator: String, Sendable, Hashable, CaseIterable {
        case lessOrEqual = "<="
        case greaterOrEqual = ">="
        case equal = "=="
        case notEqual = "!="
        case less = "<"
        case greater = ">"

        /// Applies the operator to two numbers.
        public func holds(_ lhs: Double, _ rhs: Double) -> Bool {
            switch self {
            case .less: return lhs < rhs
            case .lessOrEqual: return lhs <= rhs
            case .greater: return lhs > rhs
            case .greaterOrEqual: return lhs >= rhs
            case .equal: return lhs == rhs
            case .notEqual: return lhs != rhs
            }
        }
    }

    /// The right-hand side.
    public enum Literal: Sendable, Hashable, CustomStringConvertible {
        case duration(ScenarioDuration)
        case number(Double)
        case boolean(Bool)

        public var description: String {
            switch self {
            case .duration(let value): return value.description
            case .number(let value): return value == value.rounded() ? String(Int64(value)) : String(value)
            case .boolean(let value): return String(value)
            }
        }
    }

    /// A bound taken from the run's prediction (docs/predictions.md) instead of a literal.
    public struct PredictedBound: Sendable, Hashable {
        /// Which part of the predicted interval.
        public enum Side: String, Sendable, Hashable {
            /// `predicted.M.min`: the interval's low end.
            case low = "min"
            /// `predicted.M.max`: the interval's high end.
            case high = "max"
            /// `within predicted.M`: the whole interval, ends included.
            case interval
        }
        /// The predicted metric, e.g. `rto.direct`.
        public var metric: String
        /// The part used.
        public var side: Side
        /// How a predicted bound is written: `predicted.rto.direct.max`.
        static let prefix = "predicted."
    }

    /// The metric read.
    public var metric: MetricDefinition
    /// The comparison operator; nil for a bare boolean metric.
    public var op: Operator?
    /// The value compared with; nil for a bare boolean metric.
    public var literal: Literal?
    /// The text as written.
    public var source: String
    /// The predicted bound compared with, instead of `literal` (`within` has no `op`).
    public var predicted: PredictedBound?

    /// Creates an expression.
    public init(metric: MetricDefinition, op: Operator?, literal: Literal?, source: String, predicted: PredictedBound? = nil) {
        self.metric = metric
        self.op = op
        self.literal = literal
        self.source = source
        self.predicted = predicted
    }

    public var description: String { source }

    /// Why a text is not an expression, and where in the text.
    public struct ParseError: Error, Sendable, Equatable {
        /// What is wrong.
        public var message: String
        /// A likely fix.
        public var suggestion: String?
        /// Column offset inside the text.
        public var offset: Int
    }

    /// Parses `METRIC OP LITERAL` or `METRIC`, checking the metric exists in `scope` and the literal's type.
    public static func parse(_ text: String, scope: MetricScope) -> Result<Expression, ParseError> {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        let leading = text.prefix { $0 == " " }.count
        guard !trimmed.isEmpty else {
            return .failure(ParseError(message: "empty expression; write e.g. 'rto.direct < 15s'", offset: 0))
        }
        var metricText = trimmed
        var op: Operator?
        var rhsText: String?
        var rhsOffset = 0
        if let range = trimmed.range(of: " within ") {
            metricText = trimmed[..<range.lowerBound].trimmingCharacters(in: .whitespaces)
            let rhs = trimmed[range.upperBound...].trimmingCharacters(in: .whitespaces)
            let offset = leading + trimmed.distance(from: trimmed.startIndex, to: range.upperBound)
            return parsePredicted(metricText, op: nil, rhs: rhs, rhsOffset: offset, leading: leading, scope: scope, source: trimmed)
        }
        for candidate in Operator.allCases {
            if let range = trimmed.range(of: candidate.rawValue) {
                metricText = trimmed[..<range.lowerBound].trimmingCharacters(in: .whitespaces)
                let rhs = trimmed[range.upperBound...]
                rhsOffset = leading + trimmed.distance(from: trimmed.startIndex, to: range.upperBound) + rhs.prefix { $0 == " " }.count
                rhsText = rhs.trimmingCharacters(in: .whitespaces)
                op = candidate
                break
            }
        }
        if op == nil, trimmed.contains("=") {
            return .failure(ParseError(message: "'=' is not an operator; use == to compare", offset: leading))
        }
        if metricText.contains(" ") {
            return .failure(ParseError(
                message: "'\(trimmed)' is not an expression; write METRIC OP VALUE, e.g. 'rpo.lost == 0'", offset: leading))
        }
        guard let metric = MetricCatalog.metric(named: metricText) else {
            return .failure(ParseError(
                message: "unknown metric '\(metricText)'",
                suggestion: Suggestion.closest(to: metricText, among: MetricCatalog.names(usableIn: scope)), offset: leading))
        }
        if scope == .live, metric.scope == .result {
            return .failure(ParseError(
                message: "'\(metric.name)' is only known after the run; stop conditions can use "
                    + MetricCatalog.names(usableIn: .live).joined(separator: ", "),
                offset: leading))
        }
        guard let op, let rhsText else {
            if metric.type == .boolean { return .success(Expression(metric: metric, op: nil, literal: nil, source: trimmed)) }
            return .failure(ParseError(
                message: "'\(metric.name)' is a \(metric.type.rawValue); compare it, e.g. '\(metric.name) \(metric.type == .duration ? "< 15s" : "== 0")'",
                offset: leading + metricText.count))
        }
        if rhsText.hasPrefix(PredictedBound.prefix) {
            return parsePredicted(metricText, op: op, rhs: rhsText, rhsOffset: rhsOffset, leading: leading, scope: scope, source: trimmed)
        }
        switch parseLiteral(rhsText, for: metric, op: op) {
        case .success(let literal):
            return .success(Expression(metric: metric, op: op, literal: literal, source: trimmed))
        case .failure(var error):
            error.offset = rhsOffset
            return .failure(error)
        }
    }

    /// `M within predicted.P` or `M OP predicted.P.min|max`: M and P known, of the same kind, P one the model predicts.
    private static func parsePredicted(
        _ metricText: String, op: Operator?, rhs: String, rhsOffset: Int, leading: Int, scope: MetricScope, source: String
    ) -> Result<Expression, ParseError> {
        guard let metric = MetricCatalog.metric(named: metricText) else {
            return .failure(ParseError(
                message: "unknown metric '\(metricText)'",
                suggestion: Suggestion.closest(to: metricText, among: MetricCatalog.names(usableIn: scope)), offset: leading))
        }
        guard scope == .result else {
            return .failure(ParseError(message: "predictions are compared after the run, in hypotheses, not in stop conditions", offset: rhsOffset))
        }
        guard rhs.hasPrefix(PredictedBound.prefix) else {
            return .failure(ParseError(message: "`within` takes a prediction, e.g. '\(metric.name) within predicted.\(metric.name)'", offset: rhsOffset))
        }
        var name = String(rhs.dropFirst(PredictedBound.prefix.count))
        var side = PredictedBound.Side.interval
        for candidate in [PredictedBound.Side.low, .high] where name.hasSuffix(".\(candidate.rawValue)") {
            side = candidate
            name = String(name.dropLast(candidate.rawValue.count + 1))
        }
        if op == nil, side != .interval {
            return .failure(ParseError(message: "`within` takes the whole interval: 'within predicted.\(name)', or compare with its end: '< predicted.\(name).max'", offset: rhsOffset))
        }
        if op != nil, side == .interval {
            return .failure(ParseError(message: "compare with one end of the interval: 'predicted.\(name).min' or 'predicted.\(name).max' (or use `within`)", offset: rhsOffset))
        }
        guard FailoverModel.predictedMetrics.contains(name) else {
            return .failure(ParseError(
                message: "the model predicts no '\(name)'; it predicts " + FailoverModel.predictedMetrics.joined(separator: ", "),
                suggestion: Suggestion.closest(to: name, among: FailoverModel.predictedMetrics).map { "predicted.\($0)" }, offset: rhsOffset))
        }
        guard let predicted = MetricCatalog.metric(named: name), predicted.type == metric.type, metric.type != .boolean else {
            return .failure(ParseError(message: "'\(metric.name)' (a \(metric.type.rawValue)) cannot be compared with predicted \(name)", offset: rhsOffset))
        }
        return .success(Expression(metric: metric, op: op, literal: nil, source: source, predicted: PredictedBound(metric: name, side: side)))
    }

    private static func parseLiteral(_ text: String, for metric: MetricDefinition, op: Operator) -> Result<Literal, ParseError> {
        if text.isEmpty { return .failure(ParseError(message: "missing value after '\(op.rawValue)'", offset: 0)) }
        switch metric.type {
        case .duration:
            switch ScenarioDuration.parse(text) {
            case .success(let value): return .success(.duration(value))
            case .failure(let error): return .failure(ParseError(message: "'\(metric.name)' is a duration: \(error)", offset: 0))
            }
        case .count:
            if metric.name.contains("bytes"), let bytes = ByteSize.parse(text) { return .success(.number(bytes)) }
            guard let value = FiniteNumber.parse(text) else {
                return .failure(ParseError(
                    message: "'\(metric.name)' is a count; compare it with a finite number of at most 10^12, not '\(text)'", offset: 0))
            }
            return .success(.number(value))
        case .boolean:
            guard op == .equal || op == .notEqual else {
                return .failure(ParseError(message: "'\(metric.name)' is true or false; use it alone or with == / !=", offset: 0))
            }
            guard let value = Bool(text) else { return .failure(ParseError(message: "'\(metric.name)' is true or false, not '\(text)'", offset: 0)) }
            return .success(.boolean(value))
        }
    }
}
