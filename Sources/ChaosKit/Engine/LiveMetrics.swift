// Values of the live metrics (`elapsed`, `writes.failed.*`, `ack_gap.*`, `cluster.leaders`, `during.failures`) for stop conditions.

/// Reads live metrics from the running writers and observer.
struct LiveMetrics: Sendable {
    let control: RunControl
    let log: OpLog
    let observer: ClusterObserver
    let methodStartNs: Int64
    /// Failed evaluations of the `during:` probes so far.
    var duringFailures: @Sendable () -> Int = { 0 }

    /// The value of a live metric now.
    func value(of name: String) -> Expression.Literal? {
        let now = control.clock.now()
        switch name {
        case "elapsed": return .duration(ScenarioDuration(nanoseconds: now - methodStartNs))
        case "cluster.leaders": return .number(Double(observer.currentLeaders))
        case "during.failures": return .number(Double(duringFailures()))
        default: break
        }
        for path in WritePath.allCases {
            let status = log.liveStatus(of: path)
            if name == "writes.failed.\(path.rawValue)" { return .number(Double(status.failed)) }
            if name == "ack_gap.\(path.rawValue)" {
                return .duration(ScenarioDuration(nanoseconds: now - max(status.lastAckNs ?? methodStartNs, methodStartNs)))
            }
        }
        return nil
    }

    /// The first stop condition that holds now, as a reason, or nil.
    func firstBreach(of conditions: [Expression]) -> String? {
        let evaluator = HypothesisEvaluator { value(of: $0) }
        for condition in conditions {
            let verdict = evaluator.evaluate(condition)
            if verdict.held { return "stop condition '\(condition.source)' became true (\(verdict.line.dropLast(2)))" }
        }
        return nil
    }
}
