// `chaos fault inject|heal|list --format json` and `chaos recover --format json`.

/// A fault in effect, as `chaos fault list` shows it.
public struct FaultListEntry: Codable, Sendable, Equatable {
    /// The journal id (`chaos fault heal ID`).
    public var id: String
    /// The fault kind.
    public var kind: String
    /// What it hit.
    public var target: String
    /// The run (or `manual`) that injected it.
    public var run: String
    /// When (UTC).
    public var since: String
    /// The undo steps still pending.
    public var undo: [String]

    /// The entry of an unhealed journal record.
    public init(_ fault: UnhealedFault) {
        id = fault.record.id
        kind = fault.record.kind ?? "?"
        target = fault.record.target ?? "?"
        run = fault.record.run ?? "?"
        since = fault.record.at
        undo = fault.undo.map(\.description)
    }
}

/// What `chaos fault list` reports: the journal and the faults still in effect.
public struct FaultListDocument: Codable, Sendable, Equatable {
    /// The journal file.
    public var journal: String
    /// Faults in effect.
    public var faults: [FaultListEntry]

    /// Creates the document.
    public init(journal: String, faults: [FaultListEntry]) {
        self.journal = journal
        self.faults = faults
    }
}

/// What one heal did.
public struct HealDocument: Codable, Sendable, Equatable {
    /// One undo step and how it went (`ok`, or the failure).
    public struct Step: Codable, Sendable, Equatable {
        /// The undo action.
        public var action: String
        /// `ok` or what went wrong.
        public var outcome: String
    }

    /// The fault id.
    public var id: String
    /// What the fault was.
    public var summary: String
    /// Whether every undo step succeeded.
    public var healed: Bool
    /// Each undo step.
    public var steps: [Step]
    /// Why the journal could not mark it healed, if it could not.
    public var journalError: String?

    /// The document of a heal report.
    public init(_ report: HealReport) {
        id = report.id
        summary = report.summary
        healed = report.healed
        steps = report.steps.map { Step(action: $0.action.description, outcome: $0.outcome) }
        journalError = report.journalError
    }
}

/// What `chaos fault inject` did.
public struct InjectionDocument: Codable, Sendable, Equatable {
    /// The journal id.
    public var id: String
    /// The fault kind.
    public var kind: String
    /// The nodes (or links) it hit.
    public var targets: [String]
    /// The seed of random target picks.
    public var seed: UInt64
    /// What was done.
    public var operations: [String]
    /// How it will be undone (empty for a one-shot fault such as a switchover).
    public var undo: [String]
    /// With `--wait`: the heal at the end.
    public var heal: HealDocument?

    /// The document of an injected fault.
    public init(_ fault: InjectedFault, seed: UInt64, heal: HealReport? = nil) {
        id = fault.id
        kind = fault.plan.kind
        targets = fault.plan.targets
        self.seed = seed
        operations = fault.plan.operations.map(\.description)
        undo = fault.plan.isHealable ? fault.plan.undo.map(\.description) : []
        self.heal = heal.map(HealDocument.init)
    }
}

/// What `chaos recover` did.
public struct RecoveryDocument: Codable, Sendable, Equatable {
    /// Every heal attempted.
    public var heals: [HealDocument]
    /// Ids still in effect after the attempt.
    public var stillInEffect: [String]
    /// Seconds until the cluster was healthy again (absent with --no-wait, or when nothing was healed).
    public var healthySeconds: Double?
    /// What had to be done beyond the undo (e.g. a PgPool-II restart), when anything.
    public var intervention: String?

    /// Creates the document.
    public init(heals: [HealReport], healthySeconds: Double?, intervention: String?) {
        self.heals = heals.map(HealDocument.init)
        stillInEffect = heals.filter { !$0.healed }.map(\.id)
        self.healthySeconds = healthySeconds
        self.intervention = intervention
    }
}
