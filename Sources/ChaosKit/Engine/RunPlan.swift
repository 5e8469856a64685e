// The resolved plan of a scenario: what happens when, before anything touches a cluster (`--dry-run`).

/// One entry of a plan: when a step starts (at the earliest / at the latest) and what it does.
public struct PlannedStep: Sendable {
    /// The step.
    public var step: Step
    /// Offset from the start of the method, assuming waits end as early as they can.
    public var earliestStart: ScenarioDuration
    /// Offset assuming every condition wait runs to its timeout.
    public var latestStart: ScenarioDuration
    /// What the step does, in words.
    public var summary: String
}

/// A scenario laid out on a timeline.
public struct RunPlan: Sendable {
    /// The scenario planned.
    public var scenario: Scenario
    /// Method steps in order.
    public var steps: [PlannedStep]
    /// The method's length if waits end early / at their timeouts.
    public var methodLength: (earliest: ScenarioDuration, latest: ScenarioDuration)

    /// Warm-up + method + cool-down, at the latest.
    public var estimatedTotal: ScenarioDuration {
        scenario.workload.warmup + methodLength.latest + scenario.workload.cooldown
    }

    /// Lays out a scenario: sequential steps follow each other, `after:` delays a start, background
    /// steps do not hold the next one back.
    public init(_ scenario: Scenario) {
        self.scenario = scenario
        var earliest = ScenarioDuration.zero
        var latest = ScenarioDuration.zero
        var endEarliest = ScenarioDuration.zero
        var endLatest = ScenarioDuration.zero
        var planned: [PlannedStep] = []
        for step in scenario.method {
            if let after = step.after {
                earliest = max(earliest, after)
                latest = max(latest, after)
            }
            planned.append(PlannedStep(step: step, earliestStart: earliest, latestStart: latest, summary: StepDescription.describe(step)))
            let (shortest, longest) = StepDescription.length(of: step)
            endEarliest = max(endEarliest, earliest + shortest)
            endLatest = max(endLatest, latest + longest)
            if !step.background {
                earliest = earliest + shortest
                latest = latest + longest
            }
        }
        steps = planned
        methodLength = (max(earliest, endEarliest), max(latest, endLatest))
    }
}

/// Words and lengths for steps, shared by plans, lists and reports.
public enum StepDescription {
    /// One line saying what a step does, e.g. `fault kill primary (signal SIGKILL, heal after 30s)`.
    public static func describe(_ step: Step) -> String {
        switch step.action {
        case .fault(let invocation): return "fault " + describe(invocation)
        case .action(let invocation): return "action " + describe(invocation)
        case .probe(let invocation): return "probe " + describe(invocation)
        case .waitFor(let invocation): return "wait for " + describe(invocation)
        case .sleep(let duration): return "wait \(duration)"
        case .heal(let name): return "heal \(name)"
        }
    }

    /// `kind target (key value, …)` with the target first.
    public static func describe(_ invocation: KindInvocation) -> String {
        var text = invocation.kind
        if let target = invocation.parameters["target"] { text += " \(target)" }
        let rest = invocation.definition.parameters.compactMap { spec -> String? in
            guard spec.name != "target", let value = invocation.parameters[spec.name] else { return nil }
            return "\(spec.name) \(value)"
        }
        if !rest.isEmpty { text += " (" + rest.joined(separator: ", ") + ")" }
        return text
    }

    /// How long a step holds the method: (if conditions come true at once, if they time out).
    public static func length(of step: Step) -> (ScenarioDuration, ScenarioDuration) {
        switch step.action {
        case .sleep(let duration): return (duration, duration)
        case .waitFor(let invocation):
            return (.zero, invocation.parameters["timeout"]?.durationValue ?? .zero)
        case .fault(let invocation):
            let held = invocation.parameters["duration"]?.durationValue ?? .zero
            return (held, held)
        default: return (.zero, .zero)
        }
    }

    /// The fault kinds a scenario's method uses, in order of first use.
    public static func faultKinds(of scenario: Scenario) -> [String] {
        var kinds: [String] = []
        for step in scenario.method {
            if case .fault(let invocation) = step.action, !kinds.contains(invocation.kind) { kinds.append(invocation.kind) }
        }
        return kinds
    }
}
