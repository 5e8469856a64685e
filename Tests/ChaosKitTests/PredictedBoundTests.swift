import Foundation
import Testing
@testable import ChaosKit

/// Hypotheses against the run's own prediction: `M within predicted.M`, `M OP predicted.M.min|max`.
@Suite struct PredictedBoundTests {
    static let predictions = PredictionSet(
        situation: "primary node crash", settings: "ttl 10 s",
        predictions: [
            Prediction(metric: "rto.direct", low: 9, high: 11.7, unit: .seconds, derivation: "d"),
            Prediction(metric: "rpo.lost", low: 0, high: 10, unit: .count, derivation: "d"),
        ], unmodelled: nil)

    static func expression(_ text: String) throws -> ChaosKit.Expression {
        try ChaosKit.Expression.parse(text, scope: .result).get()
    }

    @Test func theThreeFormsParse() throws {
        #expect(try Self.expression("rto.direct within predicted.rto.direct").predicted == .init(metric: "rto.direct", side: .interval))
        let max = try Self.expression("rpo.lost <= predicted.rpo.lost.max")
        #expect(max.predicted == .init(metric: "rpo.lost", side: .high) && max.op == .lessOrEqual)
        #expect(try Self.expression("rto.pgpool > predicted.rto.direct.min").predicted == .init(metric: "rto.direct", side: .low))
    }

    @Test func malformedReferencesAreRefusedWhereTheyAre() {
        func failure(_ text: String, scope: MetricScope = .result) -> ChaosKit.Expression.ParseError? {
            if case .failure(let error) = ChaosKit.Expression.parse(text, scope: scope) { return error }
            return nil
        }
        #expect(failure("rto.direct within predicted.rto.direct.max")?.message.contains("whole interval") == true)
        #expect(failure("rto.direct < predicted.rto.direct")?.message.contains(".min' or 'predicted.rto.direct.max'") == true)
        let typo = failure("rto.direct < predicted.rto.directt.max")
        #expect(typo?.suggestion == "predicted.rto.direct" && typo?.offset == 13)
        #expect(failure("rpo.lost < predicted.rto.direct.max")?.message.contains("cannot be compared") == true)
        #expect(failure("rto.direct within 10s")?.message.contains("takes a prediction") == true)
        #expect(failure("writes.failed.direct within predicted.rto.direct", scope: .live)?.message.contains("not in stop conditions") == true)
    }

    @Test func judgedAgainstTheRunsPrediction() throws {
        let evaluator = HypothesisEvaluator(predictions: Self.predictions) { name in
            switch name {
            case "rto.direct": return .duration(.seconds(12.5))
            case "rto.pgpool": return .duration(.seconds(10))
            case "rpo.lost": return .number(3)
            default: return nil
            }
        }
        let outside = evaluator.evaluate(try Self.expression("rto.direct within predicted.rto.direct"))
        #expect(!outside.held && outside.line == "rto.direct = 12.50s within predicted 9–11.7 s ✗", "\(outside.line)")
        let lost = evaluator.evaluate(try Self.expression("rpo.lost <= predicted.rpo.lost.max"))
        #expect(lost.held && lost.line == "rpo.lost = 3 <= predicted.rpo.lost.max (10) ✓", "\(lost.line)")
        let lower = evaluator.evaluate(try Self.expression("rto.pgpool > predicted.rto.direct.min"))
        #expect(lower.held, "10 s > 9 s: \(lower.line)")
        let none = HypothesisEvaluator(predictions: nil) { _ in .duration(.seconds(1)) }.evaluate(try Self.expression("rto.direct within predicted.rto.direct"))
        #expect(!none.held && none.problem?.contains("no prediction was made") == true)
    }

    @Test func aScenarioTheModelDoesNotCoverIsRefusedAtTheHypothesis() throws {
        let text = "version: 1\ntitle: t\nmethod:\n  - name: kill\n    fault: kill\n    target: replica\nhypotheses:\n  - rto.direct within predicted.rto.direct\n"
        let result = ScenarioLoader(capabilities: .everything).load(text: text, file: "r.yaml")
        #expect(result.scenario == nil)
        let message = try #require(result.diagnostics.first).description
        #expect(message.hasPrefix("r.yaml:8:5") && message.contains("no prediction of rto.direct for this scenario"), "\(message)")
    }
}
