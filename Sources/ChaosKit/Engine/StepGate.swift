// A hook around each method step for someone who decides: before the step, whether it runs (a game day's
// operator); after it, what was observed. The engine runs without one; `chaos gameday` gives it one.

/// Decides before each method step whether it runs, and is told afterwards what was observed. Both calls
/// block the method (not the writers, the observer or the sampler, which go on measuring).
public protocol StepGate: Sendable {
    /// Before a step that runs in the foreground; returns whether it runs.
    func before(_ preview: StepPreview) -> StepGateDecision
    /// After that step ended.
    func after(_ observation: StepObservation)
}

/// What the gate decided.
public enum StepGateDecision: Sendable, Equatable {
    /// Run the step.
    case run
    /// Leave it out (recorded as skipped).
    case skip
    /// Stop the exercise: heal everything, finish the measurements and the report.
    case abort(String)
}

/// A step about to run.
public struct StepPreview: Sendable {
    /// The step.
    public var step: Step
    /// Its position among the method's steps (0-based) and their number.
    public var index: Int, count: Int
    /// What it does, in one line.
    public var summary: String
    /// For a fault: the nodes it will hit and what it will do to each, resolved against the cluster now; nil
    /// for other steps, or when the fault cannot be planned (the reason is in ``planProblem``).
    public var plan: [String]?
    /// Why the fault could not be planned now.
    public var planProblem: String?
    /// Seconds since the method started (the run's clock).
    public var elapsedSeconds: Double
    /// Whether the run was stopped meanwhile (a stop condition, a signal): a gate waiting for someone gives up.
    public var stopped: @Sendable () -> Bool
}

/// What the writers and the observer saw while one step ran.
public struct StepObservation: Sendable {
    /// Writes on one path during the step.
    public struct PathWindow: Sendable, Equatable {
        /// Acknowledged and failed writes during the step.
        public var acked: Int, failed: Int
        /// The longest time without an acknowledged write since the method began, in seconds (an outage so far).
        public var longestGapSeconds: Double
        /// Whether the path's latest attempt failed when the step ended (an outage still running).
        public var downNow: Bool
    }

    /// The step.
    public var step: Step
    /// How it ended (`ok`, `failed`, `timed out`, `interrupted`, `skipped`) and the engine's detail.
    public var outcome: String, detail: String?
    /// When it started and ended, seconds since the method started.
    public var startSeconds: Double, endSeconds: Double
    /// Writes per path.
    public var paths: [WritePath: PathWindow]
    /// The leader when the step began and when it ended.
    public var leaderBefore: String?, leaderAfter: String?
    /// What the observer saw change during the step (times on the run's clock).
    public var events: [ClusterEvent]
    /// When the method started, on the run's clock (to turn an event's time into seconds since then).
    public var methodStartNs: Int64
    /// Whether the run was stopped meanwhile.
    public var stopped: @Sendable () -> Bool
}
