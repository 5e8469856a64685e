// `chaos fault inject --dry-run` on the ssh platform: the fault is planned against the cluster as it is now
// (reads happen), and every command that would change a host — the dead-man's switch first, then the fault —
// is printed exactly as it would run, instead of being run.

/// What a fault would do, without doing it.
public struct FaultRehearsal: Sendable {
    /// The plan, resolved against the cluster now.
    public var plan: FaultPlan
    /// Every command line that would change something, in order (`ssh … -- 'sh -c …'`); actions done in process
    /// (Patroni's REST API, PCP) are described instead.
    public var commands: [String]
}

extension SSHPlatform {
    /// Plans `invocation` and records, without running them, the commands that would arm its switches and apply it.
    public func rehearse(_ invocation: KindInvocation, seed: UInt64) throws -> FaultRehearsal {
        let recorded = Locked([String]())
        var dry = self
        dry.recorder = { words in recorded.withLock { $0.append(ShellQuote.join(words)) } }
        let injector = try FaultInjector.forPlatform(dry, runID: "dry-run")
        let plan = try injector.plan(invocation, seed: seed, id: "f-dryrun")
        let arming = try injector.prepareSwitches(for: plan, id: "f-dryrun", holdFor: invocation.holdDuration).arming
        let inProcess = plan.operations.filter {
            switch $0 {
            case .patroniRequest, .detachPgPoolBackend: return true
            default: return false
            }
        }
        try injector.executor.applyAll(plan.operations.filter { !inProcess.contains($0) })
        try arming?.armPending()
        recorded.withLock { $0 += inProcess.map { "(in process) \($0)" } }
        return FaultRehearsal(plan: plan, commands: recorded.withLock { $0 })
    }
}
