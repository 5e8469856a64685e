// run.json: the journal of one run — what ran, on what, every step with times and outcome, events,
// measurements, hypotheses and the verdict. Written as the run goes, so a killed run still leaves it.

/// How a run ended.
public enum RunVerdict: String, Codable, Sendable {
    /// Still running (a run.json left like this was killed mid-run).
    case running
    /// Every hypothesis and the steady state held.
    case passed
    /// A hypothesis or the steady state failed.
    case failed
    /// Aborted (stop condition, Ctrl-C) or an environment error; faults were healed.
    case aborted
}

/// One step as it ran.
public struct StepRecord: Codable, Sendable, Equatable {
    /// The step's name.
    public var name: String
    /// Which list it belongs to: `steady_state_before`, `method`, `heal`, `steady_state_after`, `rollback`.
    public var phase: String
    /// What it does, in words.
    public var summary: String
    /// Start, ns since the run's clock origin.
    public var startNs: Int64
    /// End, ns since the run's clock origin (nil while running).
    public var endNs: Int64?
    /// `ok`, `failed`, `timed out`, `skipped`.
    public var outcome: String
    /// What happened (targets, probe value, error).
    public var detail: String?
    /// Journal id of the fault it injected, if any.
    public var faultID: String?
    /// The nodes the fault hit, with their roles at fire time.
    public var targets: [String]?

    /// Creates a step record.
    public init(name: String, phase: String, summary: String, startNs: Int64, endNs: Int64? = nil, outcome: String = "running",
                detail: String? = nil, faultID: String? = nil, targets: [String]? = nil) {
        self.name = name
        self.phase = phase
        self.summary = summary
        self.startNs = startNs
        self.endNs = endNs
        self.outcome = outcome
        self.detail = detail
        self.faultID = faultID
        self.targets = targets
    }
}

/// A span of time a fault was in effect, for shading plots.
public struct FaultWindow: Codable, Sendable, Equatable {
    /// The step that injected it.
    public var step: String
    /// The fault kind.
    public var kind: String
    /// Targets with roles.
    public var targets: [String]
    /// Injected at (ns).
    public var startNs: Int64
    /// Healed at (ns); nil if it was one-shot or never healed.
    public var endNs: Int64?
}

/// Versions of the parts involved.
public struct ComponentVersions: Codable, Sendable, Equatable {
    /// chaos itself.
    public var chaos: String
    /// The git commit of the chaos checkout, when known.
    public var gitCommit: String?
    /// `postgres --version`.
    public var postgres: String?
    /// `patroni --version`.
    public var patroni: String?
    /// `etcd --version` (first line).
    public var etcd: String?
    /// `pgpool --version`.
    public var pgpool: String?
}

/// Everything a run records (run.json).
public struct RunRecord: Codable, Sendable {
    /// Format version of this file.
    public var format = 1
    /// The run id (`20261127T041500Z_primary-kill`), also the writer table's run_id.
    public var runID: String
    /// The scenario's file and title.
    public var scenarioFile: String
    /// The scenario title.
    public var title: String
    /// Tags.
    public var tags: [String]
    /// Start (UTC, ISO 8601), a label.
    public var startedAt: String
    /// End (UTC, ISO 8601), a label.
    public var endedAt: String?
    /// The wall-clock time (UTC, ISO 8601 with microseconds) at which the run's monotonic clock read zero: add a
    /// `…_ns` value to it to line the run up with PostgreSQL's or Prometheus's logs (as exact as the wall clock is).
    public var clockOrigin: String?
    /// Seed for random target picks.
    public var seed: UInt64
    /// The value each scenario variable took (absent when the scenario declares none). Secrets from
    /// `${env:NAME}` are never here.
    public var variables: [String: String]?
    /// Versions.
    public var versions: ComponentVersions
    /// The cluster profile in force.
    public var profile: ClusterRequirements
    /// The inventory (no secrets: credentials are only referenced by path).
    public var inventory: Inventory?
    /// Writer paths and rate.
    public var workload: WorkloadRecord
    /// Ns (run clock) when the method started (after warm-up).
    public var methodStartNs: Int64?
    /// Ns when the method ended.
    public var methodEndNs: Int64?
    /// Ns of the first fault.
    public var firstFaultNs: Int64?
    /// Every step, in order of start.
    public var steps: [StepRecord] = []
    /// Fault windows, for plots.
    public var faults: [FaultWindow] = []
    /// What the observer saw.
    public var events: [ClusterEvent] = []
    /// The measurements (nil until computed).
    public var results: MeasurementResults?
    /// Hypothesis verdicts.
    public var hypotheses: [ExpressionVerdict] = []
    /// What the failover model predicted from the cluster's settings (docs/predictions.md), or why it has nothing.
    public var predictions: PredictionSet?
    /// Each prediction next to the measurement (nil until the results are computed).
    public var predictionOutcomes: [PredictionOutcome]?
    /// Observer sampling (p50/p99 interval per source).
    public var sampling: SamplingStats?
    /// How the run ended.
    public var verdict: RunVerdict = .running
    /// Why, when it failed or was aborted.
    public var reason: String?

    /// The workload as run.
    public struct WorkloadRecord: Codable, Sendable, Equatable {
        /// Paths written through.
        public var paths: [WritePath]
        /// Writes per second per path.
        public var rate: Int
        /// Per-op timeout (ns).
        public var timeoutNs: Int64
        /// The readers, when the workload had any.
        public var readers: [ReaderSpec]? = nil
    }
}
