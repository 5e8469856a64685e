import Testing
@testable import ChaosKit

@Suite struct HypothesisEvaluatorTests {
    let evaluator = HypothesisEvaluator { name in
        switch name {
        case "rto.direct": return .duration(.seconds(9.84))
        case "rpo.lost": return .number(3)
        case "invariant.single_writer": return .boolean(true)
        default: return nil
        }
    }

    func expression(_ text: String) throws -> Expression { try Expression.parse(text, scope: .result).get() }

    @Test func verdictCarriesValueAndBound() throws {
        let verdict = evaluator.evaluate(try expression("rto.direct < 15s"))
        #expect(verdict.held)
        #expect(verdict.line == "rto.direct = 9.84s < 15s ✓")
    }

    @Test func failingBoundIsMarked() throws {
        let verdict = evaluator.evaluate(try expression("rpo.lost == 0"))
        #expect(!verdict.held)
        #expect(verdict.line == "rpo.lost = 3 == 0 ✗")
    }

    @Test func bareBooleanAndUnmeasured() throws {
        #expect(evaluator.evaluate(try expression("invariant.single_writer")).held)
        let missing = evaluator.evaluate(try expression("rto.pgpool < 1s"))
        #expect(!missing.held)
        #expect(missing.problem != nil)
    }
}
