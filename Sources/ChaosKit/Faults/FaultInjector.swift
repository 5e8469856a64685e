// Injects and heals faults with the journal discipline: plan against the cluster as it is now, journal the
// undo (fsync), apply; heal runs the undo and journals `healed`. A failed apply is undone at once.

import Foundation

/// A fault in effect (or a one-shot fault already done).
public struct InjectedFault: Sendable {
    /// The journal id.
    public var id: String
    /// What was resolved and done.
    public var plan: FaultPlan
    /// Wall-clock label of the injection.
    public var at: String
}

/// What `heal` or `recover` did for one fault.
public struct HealReport: Sendable {
    /// The journal id.
    public var id: String
    /// The fault kind and targets, as journaled.
    public var summary: String
    /// Each undo step and how it went (`ok` or the error).
    public var steps: [(action: UndoAction, outcome: String)]
    /// What the steps found worth telling (a dead-man's switch that had already fired), one line each.
    public var notes: [String] = []
    /// Whether every step succeeded and the journal says so.
    public var healed: Bool
    /// Why the healed record could not be written, when every step succeeded but that did not.
    public var journalError: String? = nil

    /// The steps that failed, and a journal write that failed, in one line.
    public var failures: String {
        let steps = steps.filter { $0.outcome != "ok" }.map { "\($0.action): \($0.outcome)" }
        return (steps + [journalError.map { "marking it healed in the journal: \($0)" }].compactMap { $0 }).joined(separator: "; ")
    }
}

/// Injects, heals and recovers faults on one cluster.
public struct FaultInjector: Sendable {
    /// Carries operations out.
    public var executor: FaultExecutor
    /// The crash-safe journal.
    public var journal: FaultJournal
    /// The run these faults belong to (`manual` for `chaos fault inject`).
    public var runID: String

    /// Creates an injector.
    public init(executor: FaultExecutor, journal: FaultJournal, runID: String) {
        self.executor = executor
        self.journal = journal
        self.runID = runID
    }

    /// The roles right now.
    public func currentRoles() -> ClusterRoles {
        ClusterRoles.current(inventory: executor.inventory, credentials: executor.credentials)
    }

    /// Works out a fault against the cluster as it is now, without changing anything.
    public func plan(_ invocation: KindInvocation, seed: UInt64, id: String? = nil) throws -> FaultPlan {
        guard let kind = FaultRegistry.kind(named: invocation.kind) else {
            throw FaultError("fault kind \(invocation.kind) has no implementation on this platform")
        }
        let request = FaultRequest(
            invocation: invocation, roles: currentRoles(), inventory: executor.inventory, id: id ?? Self.newID(),
            generator: SeededGenerator(seed: seed))
        return try kind.plan(request)
    }

    /// Plans, journals (with fsync) and applies a fault. One-shot faults are marked healed once done. A fault
    /// that would change something an unhealed fault already owns (see ``UndoAction/resource``) is refused
    /// before anything is touched, so every undo takes back only what its own fault did.
    public func inject(_ invocation: KindInvocation, seed: UInt64) throws -> InjectedFault {
        let id = Self.newID()
        return try inject(plan(invocation, seed: seed, id: id), id: id, holdFor: invocation.holdDuration)
    }

    /// Prepares the platform's dead-man's switches for a plan (``RevertArming``; none for a one-shot fault or
    /// on a platform without them): who sends them, and the undo steps that disarm them.
    func prepareSwitches(for plan: FaultPlan, id: String, holdFor: Duration?) throws -> (arming: (any RevertArming)?, disarms: [UndoAction]) {
        guard plan.isHealable, !plan.undo.isEmpty, let arming = executor.control as? any RevertArming else { return (nil, []) }
        return (arming, try arming.arm(plan.undo, faultID: id, holdFor: holdFor))
    }

    /// Journals and applies a plan already worked out (see ``inject(_:seed:)``). On a platform with
    /// dead-man's switches (``RevertArming``) they are armed first, and disarming them is journaled as the
    /// fault's last undo steps.
    func inject(_ plan: FaultPlan, id: String, holdFor: Duration? = nil) throws -> InjectedFault {
        try refuseConflicts(with: plan)
        var plan = plan
        let (arming, disarms) = try prepareSwitches(for: plan, id: id, holdFor: holdFor)
        plan.undo += disarms
        try journal.append(FaultJournalRecord(
            event: .inject, id: id, kind: plan.kind, target: plan.targets.joined(separator: ", "), undo: plan.undo, run: runID,
            at: FaultJournal.timestamp()))
        do {
            // A switch goes to its host with the fault's first change there; those of hosts not changed go now.
            try executor.applyAll(plan.operations)
            try arming?.armPending()
        } catch {
            arming?.discardPending()
            let report = heal(id: id, summary: plan.kind, undo: plan.undo)
            if !report.healed {
                throw FaultError("\(error); undoing it failed too: \(report.failures)", hint: "run `chaos recover` to retry the undo")
            }
            throw error
        }
        if !plan.isHealable { try journal.markHealed(id) }
        return InjectedFault(id: id, plan: plan, at: FaultJournal.timestamp())
    }

    private func refuseConflicts(with plan: FaultPlan) throws {
        let wanted = Set(plan.undo.map(\.resource))
        guard !wanted.isEmpty else { return }
        for entry in try journal.unhealed() {
            if let shared = entry.undo.map(\.resource).first(where: wanted.contains) {
                throw FaultError(
                    "\(plan.kind) on \(plan.targets.joined(separator: ", ")) would change \(shared), which fault \(entry.record.id) "
                        + "(\(entry.record.kind ?? "?") on \(entry.record.target ?? "?")) already changed",
                    hint: "heal \(entry.record.id) first; two faults on one thing could not be undone one at a time")
            }
        }
    }

    /// Heals one fault by running its undo; marks it healed when every step succeeded.
    public func heal(_ fault: InjectedFault) -> HealReport {
        heal(id: fault.id, summary: fault.plan.kind, undo: fault.plan.undo)
    }

    /// Heals one unhealed fault of the journal by id (from this process or another).
    public func heal(journalID id: String) throws -> HealReport {
        let open = try journal.unhealed()
        guard let entry = open.first(where: { $0.record.id == id }) else {
            let ids = open.map(\.record.id).joined(separator: ", ")
            throw FaultError("no unhealed fault \(id) in \(journal.path)", hint: ids.isEmpty ? "nothing is in effect" : "unhealed: \(ids)")
        }
        return heal(id: id, summary: "\(entry.record.kind ?? "?") on \(entry.record.target ?? "?")", undo: entry.undo)
    }

    /// Heals every unhealed fault in the journal (this run's or a crashed run's), oldest last-in first.
    public func recover() throws -> [HealReport] {
        try journal.unhealed().reversed().map { entry in
            heal(id: entry.record.id, summary: "\(entry.record.kind ?? "?") on \(entry.record.target ?? "?")", undo: entry.undo)
        }
    }

    private func heal(id: String, summary: String, undo: [UndoAction]) -> HealReport {
        let results = executor.undoAll(undo)
        let steps = results.map { ($0.action, $0.outcome) }
        let notes = results.compactMap { result in result.note.map { "\(result.action): \($0)" } }
        var healed = steps.allSatisfy { $0.1 == "ok" }
        var journalError: String?
        if healed {
            do {
                try journal.markHealed(id)
            } catch {
                // Undone, but the journal still says in effect: recover will run the (idempotent) undo again.
                healed = false
                journalError = "\(error)"
            }
        }
        return HealReport(id: id, summary: summary, steps: steps, notes: notes, healed: healed, journalError: journalError)
    }

    /// A journal id unique across processes: `f-` and 8 hex digits.
    static func newID() -> String {
        "f-" + String(UInt32.random(in: .min ... .max), radix: 16).leftPadded(to: 8)
    }
}

extension String {
    fileprivate func leftPadded(to length: Int) -> String {
        count >= length ? self : String(repeating: "0", count: length - count) + self
    }
}

extension FaultInjector {
    /// An injector for a platform's cluster, reading its inventory and credentials.
    public static func forPlatform(_ platform: any ClusterPlatform, runID: String) throws -> FaultInjector {
        let inventory: Inventory
        let credentials: ClusterCredentials
        do {
            inventory = try platform.currentInventory()
            credentials = try platform.currentCredentials()
        } catch {
            throw FaultError(error.message, hint: error.hint)
        }
        let executor = FaultExecutor(control: platform.nodeControl, inventory: inventory, credentials: credentials, runner: platform.runner)
        return FaultInjector(executor: executor, journal: platform.journal, runID: runID)
    }
}

extension KindInvocation {
    /// How long the fault is held (its `duration` parameter), if it says.
    var holdDuration: Duration? { parameters["duration"]?.durationValue.map { .nanoseconds($0.nanoseconds) } }
}
