// The scenario model: what a checked scenario file says, in types.

/// A checked chaos experiment, as loaded from a scenario file.
public struct Scenario: Sendable {
    /// The file it came from.
    public var file: String
    /// The scenario's name: the file name without `.yaml`.
    public var name: String
    /// A short title.
    public var title: String
    /// What the experiment teaches.
    public var description: String
    /// Free-form tags for `--tags`.
    public var tags: [String]
    /// What the cluster must be configured as.
    public var cluster: ClusterRequirements
    /// Probes that must hold before the method and after recovery.
    public var steadyState: [Step]
    /// The background writers.
    public var workload: WorkloadSpec
    /// The ordered steps of the experiment.
    public var method: [Step]
    /// Expected results, checked after the run.
    public var hypotheses: [Hypothesis]
    /// Conditions that abort the run when they become true.
    public var abortWhen: [Expression]
    /// Actions run after the method, whatever happened.
    public var rollbacks: [Step]
    /// The variables the file declares.
    public var variables: [VariableDeclaration] = []
    /// The value each declared variable took in this load (recorded in run.json as `variables`).
    public var variableValues: [String: String] = [:]
    /// Values that came from `${env:NAME}`: secrets, blanked out of every artifact a run writes.
    public var secretValues: [String] = []
    /// Whether a method wait that times out stops the run (a soak's recovery bound), instead of failing it only.
    public var stopsWhenAWaitTimesOut = false
    /// Probes evaluated again and again while the method runs (`during:`).
    public var during = ContinuousChecks()

    /// Every probe step: steady state, method and `during`.
    public var allProbeSteps: [Step] {
        (steadyState + method + during.probes).filter { if case .probe = $0.action { true } else { false } }
    }
}

/// The `during:` section: probes evaluated every `interval` from the method's start until its faults are healed,
/// each failure recorded with its time (Litmus's continuous probes).
public struct ContinuousChecks: Sendable, Hashable {
    /// Time between the starts of two rounds.
    public var interval: ScenarioDuration = .seconds(1)
    /// The probes, each a probe step.
    public var probes: [Step] = []
}

/// Patroni timing: ttl / loop_wait / retry_timeout.
public enum TimingProfile: String, Sendable, Hashable, CaseIterable, Codable {
    /// ttl 10, loop_wait 1, retry_timeout 4: the lab default, fast failover.
    case fast
    /// Patroni's defaults: ttl 30, loop_wait 10, retry_timeout 10.
    case patroniDefault = "patroni-default"
    /// ttl 20, loop_wait 5, retry_timeout 5.
    case seed

    /// (ttl, loop_wait, retry_timeout) in seconds.
    public var timings: (ttl: Int, loopWait: Int, retryTimeout: Int) {
        switch self {
        case .fast: return (10, 1, 4)
        case .patroniDefault: return (30, 10, 10)
        case .seed: return (20, 5, 5)
        }
    }
}

/// How the primary replicates.
public enum ReplicationMode: String, Sendable, Hashable, CaseIterable, Codable {
    /// Asynchronous streaming replication.
    case async
    /// Patroni `synchronous_mode`.
    case sync
}

/// What the scenario needs the cluster to be: a named preset (`profile`) and, where asked, values of their own.
///
/// Two requirements are equal when the values the cluster would run with are (a `ttl: 10` written out equals the
/// `fast` preset's).
public struct ClusterRequirements: Sendable, Codable {
    /// Patroni timings preset.
    public var profile: TimingProfile = .fast
    /// Replication mode (`sync`: Patroni `synchronous_mode`).
    public var replication: ReplicationMode = .async
    /// Patroni `failsafe_mode`.
    public var failsafe: Bool = false
    /// ttl / loop_wait / retry_timeout given as values (nil: the profile's).
    public var customTimings: PatroniTimings?
    /// Patroni `maximum_lag_on_failover`, bytes (nil: Patroni's default, 1 MiB).
    public var maximumLagOnFailover: Int64?
    /// Patroni `synchronous_mode_strict` (nil: off).
    public var synchronousModeStrict: Bool?
    /// PgPool-II's health check (nil: the lab's, ``PgPoolHealthCheck/lab``).
    public var pgpoolHealthCheck: PgPoolHealthCheck?

    /// Creates requirements (defaults: fast, async, no failsafe).
    public init(profile: TimingProfile = .fast, replication: ReplicationMode = .async, failsafe: Bool = false) {
        self.profile = profile
        self.replication = replication
        self.failsafe = failsafe
    }
}

/// Patroni's three timings, seconds.
public struct PatroniTimings: Sendable, Hashable, Codable {
    /// `ttl`: how long the leader key lives without a refresh.
    public var ttl: Int
    /// `loop_wait`: seconds between two runs of Patroni's loop.
    public var loopWait: Int
    /// `retry_timeout`: how long DCS and PostgreSQL operations are retried.
    public var retryTimeout: Int

    /// Creates timings.
    public init(ttl: Int, loopWait: Int, retryTimeout: Int) {
        self.ttl = ttl
        self.loopWait = loopWait
        self.retryTimeout = retryTimeout
    }

    /// Patroni's documented rule, `loop_wait + 2 × retry_timeout ≤ ttl` (so a primary that cannot reach the DCS demotes
    /// before its key expires), and the smallest values that make sense; nil when they hold, else what is wrong.
    public var violation: String? {
        if loopWait < 1 { return "loop_wait must be at least 1 s" }
        if retryTimeout < 1 { return "retry_timeout must be at least 1 s" }
        if loopWait + 2 * retryTimeout > ttl {
            return "loop_wait + 2 × retry_timeout = \(loopWait) + 2 × \(retryTimeout) = \(loopWait + 2 * retryTimeout) s exceeds ttl \(ttl) s (Patroni's rule: a primary cut off from etcd must demote before its leader key expires)"
        }
        return nil
    }
}

/// A way for clients to reach the primary.
public enum WritePath: String, Sendable, Hashable, CaseIterable, Codable {
    /// libpq multi-host DSN over every PostgreSQL node, `target_session_attrs=read-write`.
    case direct
    /// Through PgPool-II.
    case pgpool
}

/// The background writers that measure what clients feel.
public struct WorkloadSpec: Sendable, Hashable {
    /// The paths written through, each by its own writer.
    public var paths: [WritePath] = [.direct, .pgpool]
    /// Writes per second per path.
    public var rate: Int = 100
    /// Time the writers run before the method starts.
    public var warmup: ScenarioDuration = .seconds(5)
    /// Time allowed for one write before it counts as timed out.
    public var timeout: ScenarioDuration = .seconds(2)
    /// Time the writers keep running after the method, while the cluster recovers.
    public var cooldown: ScenarioDuration = .seconds(10)
    /// How long writes must go on being acknowledged after an outage before a path counts as recovered
    /// (the end of the RTO); a later outage is reported on its own.
    public var recoveryHold: ScenarioDuration = .seconds(5)
    /// A pgbench load next to the writers (throughput through the fault), when asked for.
    public var pgbench: PgbenchLoadSpec?
    /// Readers of what the writers wrote (read availability and staleness), one per read path.
    public var readers: [ReaderSpec] = []
    /// The transactional workload (transfers between accounts, checked to keep their total), when asked for.
    public var bank: BankSpec?
    /// How often the sampler reads the cluster's own figures (lag, commits, roles, etcd, PgPool-II); zero: never.
    public var sampling: ScenarioDuration = .seconds(1)

    /// Creates the default workload.
    public init() {}
}

/// A kind plus checked parameters: one fault, probe, action or wait condition.
public struct KindInvocation: Sendable, Hashable {
    /// The kind's definition.
    public var definition: KindDefinition
    /// Every parameter, with defaults filled in.
    public var parameters: [String: ParameterValue]

    /// The kind's name.
    public var kind: String { definition.name }
}

/// One step of a method, steady state or rollback list.
public struct Step: Sendable, Hashable {
    /// What the step does.
    public enum Action: Sendable, Hashable {
        /// Inject a fault.
        case fault(KindInvocation)
        /// Take a one-shot action.
        case action(KindInvocation)
        /// Check something; a failing probe fails the run.
        case probe(KindInvocation)
        /// Sleep for a fixed time.
        case sleep(ScenarioDuration)
        /// Wait for a condition, failing after its timeout.
        case waitFor(KindInvocation)
        /// Heal the fault injected by the named step.
        case heal(step: String)
    }

    /// The step's name (given, or made from its position and kind).
    public var name: String
    /// Whether the name was written in the file.
    public var isNamed: Bool
    /// What it does.
    public var action: Action
    /// Run without waiting for it to finish.
    public var background: Bool
    /// Start no earlier than this long after the method starts.
    public var after: ScenarioDuration?
    /// What the team expects the step to do, in words (shown on a game day, written in its minutes).
    public var expect: String?
    /// Where the step starts in the file.
    public var location: SourceLocation
    /// Where the step sits in the document, e.g. `method[2]`.
    public var keyPath: String

    /// A step.
    public init(name: String, isNamed: Bool, action: Action, background: Bool, after: ScenarioDuration?, expect: String? = nil,
                location: SourceLocation, keyPath: String) {
        self.name = name
        self.isNamed = isNamed
        self.action = action
        self.background = background
        self.after = after
        self.expect = expect
        self.location = location
        self.keyPath = keyPath
    }
}

/// An expected result of the run.
public struct Hypothesis: Sendable, Hashable {
    /// The check.
    public var expression: Expression
    /// Why it should hold, for the report.
    public var note: String?
    /// Where it is written.
    public var location: SourceLocation
    /// Where it sits in the document, e.g. `hypotheses[1]`.
    public var keyPath: String
}
