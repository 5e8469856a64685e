// The verdict of a run from what happened: faults left in effect, an abort, hypotheses, other failures — in
// that order of precedence. The engine and anything that replays a run use this one rule.

/// Decides a run's verdict and the reason given for it.
public enum RunJudgement {
    /// The verdict and its reason: a fault that could not be undone makes the run ABORTED whatever was
    /// measured (the cluster was left changed); then an abort; then the first failed hypothesis; then the
    /// first other failure (a step, a probe, the recovery wait); else PASSED.
    public static func judge(
        unhealed: [String], aborted: String?, hypotheses: [ExpressionVerdict], failures: [String]
    ) -> (verdict: RunVerdict, reason: String?) {
        if !unhealed.isEmpty {
            return (.aborted, "faults left in effect (run `chaos recover`): " + unhealed.joined(separator: "; ")
                + (aborted.map { "; aborted: \($0)" } ?? ""))
        }
        if let aborted { return (.aborted, aborted) }
        if let failed = hypotheses.first(where: { !$0.held }) { return (.failed, "hypothesis failed: \(failed.line)") }
        if let first = failures.first { return (.failed, first) }
        return (.passed, nil)
    }
}
