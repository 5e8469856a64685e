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

@Suite struct RunJudgementTests {
    static let held = ExpressionVerdict(expression: "rpo.lost == 0", measured: "0", held: true, problem: nil, line: "rpo.lost = 0 == 0 ✓")
    static let broken = ExpressionVerdict(expression: "rto.direct < 1s", measured: "9s", held: false, problem: nil, line: "rto.direct = 9s < 1s ✗")

    @Test func aFaultLeftInEffectOutranksEverythingMeasured() {
        let judged = RunJudgement.judge(unhealed: ["undo of cut (f-1) failed: iptables lock"], aborted: nil, hypotheses: [Self.held], failures: [])
        #expect(judged.verdict == .aborted)
        #expect(judged.reason?.contains("chaos recover") == true && judged.reason?.contains("f-1") == true)
    }

    @Test func thenAbortThenHypothesesThenOtherFailures() {
        #expect(RunJudgement.judge(unhealed: [], aborted: "interrupted by SIGHUP", hypotheses: [Self.broken], failures: []).verdict == .aborted)
        #expect(RunJudgement.judge(unhealed: [], aborted: nil, hypotheses: [Self.held, Self.broken], failures: ["x"])
            == (.failed, "hypothesis failed: rto.direct = 9s < 1s ✗"))
        #expect(RunJudgement.judge(unhealed: [], aborted: nil, hypotheses: [Self.held], failures: ["probe p did not hold"]) == (.failed, "probe p did not hold"))
        #expect(RunJudgement.judge(unhealed: [], aborted: nil, hypotheses: [Self.held], failures: []) == (.passed, nil))
    }
}
