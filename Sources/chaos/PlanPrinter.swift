// Renders a `RunPlan` for `chaos run --dry-run`.

import ChaosKit
import Foundation

/// Text form of a plan.
enum PlanPrinter {
    static func render(_ plan: RunPlan) -> String {
        let scenario = plan.scenario
        let cluster = scenario.cluster
        var lines = [
            "Plan: \(scenario.title)  (\(scenario.file))",
            "  cluster   profile \(cluster.timingName) (ttl \(cluster.ttl)s, loop_wait \(cluster.loopWait)s, retry_timeout \(cluster.retryTimeout)s), replication \(cluster.replication.rawValue)\(cluster.strict ? " strict" : ""), failsafe \(cluster.failsafe ? "on" : "off")"
                + (cluster.lagLimit != ClusterRequirements.defaultMaximumLagOnFailover ? ", maximum_lag_on_failover \(cluster.lagLimit) B" : "")
                + (cluster.healthCheck != .lab ? ", PgPool-II health check \(Int(cluster.healthCheck.period))/\(Int(cluster.healthCheck.timeout))/\(cluster.healthCheck.retries)/\(Int(cluster.healthCheck.retryDelay)) s" : ""),
            "  workload  \(scenario.workload.paths.map(\.rawValue).joined(separator: " + ")) at \(scenario.workload.rate) writes/s each, op timeout \(scenario.workload.timeout), warm-up \(scenario.workload.warmup), cool-down \(scenario.workload.cooldown)",
        ]
        if !scenario.steadyState.isEmpty {
            lines.append("  steady state (before and after):")
            lines += scenario.steadyState.map { "    - \($0.name): \(StepDescription.describe($0))" }
        }
        lines.append("  method (offsets from the end of warm-up; latest if every wait runs to its timeout):")
        for planned in plan.steps {
            let when = planned.earliestStart == planned.latestStart
                ? "T+\(planned.earliestStart)" : "T+\(planned.earliestStart)…\(planned.latestStart)"
            let flags = planned.step.background ? " [background]" : ""
            lines.append("    \(when.padding(toLength: 14, withPad: " ", startingAt: 0)) \(planned.step.name): \(planned.summary)\(flags)")
        }
        if !scenario.during.probes.isEmpty {
            lines.append("  during the method (every \(scenario.during.interval), until its faults are healed; failures count in during.failures):")
            lines += scenario.during.probes.map { "    - \($0.name): \(StepDescription.describe($0))" }
        }
        lines.append("    then: heal every fault still in effect, wait for recovery, check steady state, read back writes (RPO)")
        if !scenario.rollbacks.isEmpty {
            lines.append("  rollbacks: " + scenario.rollbacks.map { StepDescription.describe($0) }.joined(separator: "; "))
        }
        if !scenario.abortWhen.isEmpty {
            lines.append("  abort when: " + scenario.abortWhen.map(\.source).joined(separator: " or "))
        }
        lines.append("  hypotheses:")
        lines += scenario.hypotheses.map { "    - \($0.expression.source)" + ($0.note.map { "  — \($0)" } ?? "") }
        lines.append("  estimated length: ≤ \(plan.estimatedTotal) (method \(plan.methodLength.earliest)…\(plan.methodLength.latest))")
        return lines.joined(separator: "\n")
    }
}
