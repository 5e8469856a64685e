// The state of one run while it executes, and the lifecycle itself. Steps are recorded in run.json as
// they start and end; every fault still in effect is healed on every way out.

import Foundation

final class RunSession: @unchecked Sendable {
    let scenario: Scenario
    let platform: any ClusterPlatform
    let control: RunControl
    let endpoints: RunEndpoints
    let injector: FaultInjector
    let artifacts: RunArtifactsWriter
    let seed: UInt64
    let runID: String
    let progress: @Sendable (RunProgress) -> Void
    /// The writers and the observer on the run's clock: the one measurement lifecycle `chaos measure` uses too.
    let measurement: MeasurementSession
    var log: OpLog { measurement.opLog }
    var observer: ClusterObserver? { measurement.observer }
    let state: Locked<SessionState>
    private var leaderAtStart: String?
    /// The pgbench load next to the writers (`workload.pgbench`), when the scenario has one.
    private var load: PgbenchLoad?
    /// The sampler of the cluster's own figures (`workload.sampling`), unless the scenario turns it off.
    private var sampler: MetricsSampler?
    /// The transactional workload (`workload.bank`), when the scenario has one.
    private let bank: BankWorkload?
    /// The `during:` probes, from the method's start until its faults are healed.
    private var continuous: ContinuousProbes?
    /// Who decides before each foreground method step (a game day's operator), if anyone.
    var gate: (any StepGate)?
    /// Told once the writers run, with a live view of the run (a game day's dashboard).
    var onLive: (@Sendable (LiveRun) -> Void)?
    /// Whether faults injected from elsewhere (the fault journal) are recorded as this run's.
    var followsFaultJournal = false
    private var follower: FaultJournalFollower?

    struct SessionState {
        var record: RunRecord
        var active: [String: InjectedFault] = [:]
        var failures: [String] = []
        /// Faults whose undo failed: still in effect, left for `chaos recover`.
        var unhealed: [String] = []
        /// Faults injected from elsewhere (`chaos fault inject` in another terminal), seen in the journal, not yet healed.
        var external: [String: FaultJournalRecord] = [:]
        /// What the run is doing now (for a live view).
        var phase = "starting"
    }

    /// What the run is doing now: `warm-up`, a step's name, `recovery`…
    var currentPhase: String { state.withLock { $0.phase } }

    /// The faults in effect now, the run's and those injected from elsewhere, one line each.
    var faultsInEffect: [String] {
        state.withLock { state in
            state.active.sorted { $0.key < $1.key }.map { "\($0.key): \($0.value.plan.kind) \($0.value.plan.targets.joined(separator: ", "))" }
                + state.external.values.sorted { $0.id < $1.id }.map { "\($0.id): \($0.kind ?? "fault") \($0.target ?? "") (chaos fault)" }
        }
    }

    var record: RunRecord {
        get { state.withLock { $0.record } }
        set { state.withLock { $0.record = newValue } }
    }

    init(scenario: Scenario, platform: any ClusterPlatform, control: RunControl, endpoints: RunEndpoints, injector: FaultInjector,
         artifacts: RunArtifactsWriter, seed: UInt64, runID: String, progress: @escaping @Sendable (RunProgress) -> Void) {
        self.scenario = scenario
        self.platform = platform
        self.control = control
        self.endpoints = endpoints
        self.injector = injector
        self.artifacts = artifacts
        self.seed = seed
        self.runID = runID
        self.progress = progress
        let settings = ConnectionSettings.forTimeout(scenario.workload.timeout)
        measurement = MeasurementSession(
            runId: runID,
            writers: scenario.workload.paths.map {
                WriterConfiguration(path: $0, endpoint: endpoints.endpoint(for: $0), runId: runID, rate: Double(scenario.workload.rate), settings: settings)
            },
            readers: scenario.workload.readers.map {
                ReaderConfiguration(
                    path: $0.path, dsn: $0.path.dsn(direct: endpoints.endpoint(for: .direct), pgpool: endpoints.endpoint(for: .pgpool), settings: settings),
                    runId: runID, sourcePath: MeasurementSession.readSourcePath(writing: scenario.workload.paths), rate: Double($0.rate),
                    opTimeoutNs: scenario.workload.timeout.nanoseconds)
            },
            observerTargets: endpoints.observerTargets, clock: control.clock,
            opLog: OpLog(streamingTo: artifacts.folder.url(of: .ops), runID: runID, secrets: artifacts.folder.secrets),
            readLog: scenario.workload.readers.isEmpty ? ReadLog()
                : ReadLog(streamingTo: artifacts.folder.url(of: .reads), runID: runID, secrets: artifacts.folder.secrets))
        bank = scenario.workload.bank.map { spec in
            BankWorkload(
                spec: spec, runId: runID, paths: scenario.workload.paths.map { ($0, endpoints.dsn(for: $0, settings: settings)) },
                opTimeoutNs: scenario.workload.timeout.nanoseconds, seed: seed, clock: control.clock,
                log: BankLog(streamingTo: artifacts.folder.url(of: .bank), runID: runID, secrets: artifacts.folder.secrets))
        }
        let workload = RunRecord.WorkloadRecord(
            paths: scenario.workload.paths, rate: scenario.workload.rate, timeoutNs: scenario.workload.timeout.nanoseconds,
            readers: scenario.workload.readers.isEmpty ? nil : scenario.workload.readers)
        state = Locked(SessionState(record: RunRecord(
            runID: runID, scenarioFile: scenario.file, title: scenario.title, tags: scenario.tags, startedAt: FaultJournal.timestamp(),
            seed: seed, variables: scenario.variableValues.isEmpty ? nil : scenario.variableValues,
            versions: ComponentVersions(chaos: ChaosVersion.current), profile: scenario.cluster, workload: workload)))
        state.withLock { $0.record.clockOrigin = control.originWallClock }
    }

    // MARK: lifecycle

    func execute() -> RunOutcome {
        save()
        do {
            try startMeasuring()
            onLive?(LiveRun(session: self, metrics: sampler?.log))
            if followsFaultJournal { follower = FaultJournalFollower.start(session: self) }
            report("warm-up")
            control.sleep(nanoseconds: scenario.workload.warmup.nanoseconds)
            leaderAtStart = platform.status().leader
            let methodStart = control.clock.now()
            state.withLock { $0.record.methodStartNs = methodStart }
            startContinuousProbes()
            if let observer {
                let live = LiveMetrics(
                    control: control, log: log, observer: observer, methodStartNs: methodStart,
                    duringFailures: { [continuous] in continuous?.failures ?? 0 })
                let conditions = scenario.abortWhen
                control.watch { live.firstBreach(of: conditions) }
            }
            runMethod(startNs: methodStart)
        } catch {
            control.abort("\(error)")
        }
        // The follower's last read is done before the faults in effect are listed for healing.
        follower?.stop()
        healEverything()
        state.withLock { $0.record.methodEndNs = control.clock.now() }
        continuous?.stop()
        for step in scenario.rollbacks { execute(step, phase: "rollback", methodStartNs: record.methodStartNs ?? 0) }
        recoverAndFinish()
        return RunOutcome(record: record, directory: artifacts.directory)
    }

    private func startMeasuring() throws {
        do {
            try measurement.start()
        } catch {
            throw RunError("cannot create the writes table on the primary: \(error)")
        }
        do {
            try bank?.start()
        } catch {
            throw RunError("cannot open the bank's accounts on the primary: \(error)", hint: "check `chaos lab status`: the primary must accept writes")
        }
        if let spec = scenario.workload.pgbench { try startLoad(spec) }
        if scenario.workload.sampling != .zero {
            let sampler = MetricsSampler(
                targets: endpoints.samplerTargets, intervalNs: scenario.workload.sampling.nanoseconds, clock: control.clock,
                log: MetricsLog(streamingTo: artifacts.folder.url(of: .metrics), runID: runID, secrets: artifacts.folder.secrets))
            sampler.start()
            self.sampler = sampler
        }
    }

    /// Starts the `during:` probes, when the scenario has any; they write during.csv in the run folder.
    private func startContinuousProbes() {
        guard !scenario.during.probes.isEmpty else { return }
        let probes = ContinuousProbes(
            checks: scenario.during, probes: ProbeRunner(platform: platform, endpoints: endpoints, cancelled: { [control] in control.aborted != nil }),
            clock: control.clock, file: URL(fileURLWithPath: artifacts.directory).appendingPathComponent("during.csv").path)
        probes.start()
        continuous = probes
    }

    /// Initializes pgbench's tables and starts the load; its logs go to the run folder's pgbench/.
    private func startLoad(_ spec: PgbenchLoadSpec) throws {
        let pgbench: Pgbench
        switch Pgbench.locate(runner: platform.runner) {
        case .success(let tool): pgbench = tool
        case .failure(let error): throw RunError("the scenario's workload.pgbench needs pgbench: \(error)")
        }
        report("pgbench -i -s \(spec.scale)")
        let load = PgbenchLoad(spec: spec, pgbench: pgbench, connections: BenchConnections(endpoints: endpoints, baseline: nil),
                               directory: URL(fileURLWithPath: artifacts.directory).appendingPathComponent("pgbench"), clock: control.clock)
        if case .failure(let error) = load.prepare() {
            _ = load.dropTables()
            throw RunError("cannot prepare the pgbench load: \(error)")
        }
        load.start()
        self.load = load
    }

    private func runMethod(startNs: Int64) {
        var background: [Thread] = []
        let finished = DispatchGroup()
        for (position, step) in scenario.method.enumerated() {
            if control.aborted != nil || control.methodEndRequested { break }
            if let after = step.after {
                let wait = startNs + after.nanoseconds - control.clock.now()
                if wait > 0 { control.sleep(nanoseconds: wait) }
                if control.aborted != nil { break }
            }
            if let gate, !step.background {
                switch gate.before(preview(step, position: position, methodStartNs: startNs)) {
                case .run: break
                case .skip:
                    end(begin(step, phase: "method"), outcome: "skipped", detail: "skipped by the operator")
                    continue
                case .abort(let reason):
                    // A stop that ended the wait (a stop condition, a signal, the suite) keeps its own reason.
                    if control.aborted == nil { control.abort(reason) }
                    continue
                }
                let stepStart = control.clock.now()
                let leaderBefore = observer?.currentLeader
                execute(step, phase: "method", methodStartNs: startNs)
                gate.after(observation(of: step, from: stepStart, methodStartNs: startNs, leaderBefore: leaderBefore))
                continue
            }
            if step.background {
                finished.enter()
                let thread = Thread { [self] in
                    execute(step, phase: "method", methodStartNs: startNs)
                    finished.leave()
                }
                thread.name = "chaos-step-\(step.name)"
                background.append(thread)
                thread.start()
            } else {
                execute(step, phase: "method", methodStartNs: startNs)
            }
        }
        finished.wait()
    }

    // MARK: the gate

    /// What a foreground step is about to do, for the gate.
    private func preview(_ step: Step, position: Int, methodStartNs: Int64) -> StepPreview {
        var plan: [String]?
        var problem: String?
        if case .fault(let invocation) = step.action {
            do {
                let planned = try injector.plan(invocation, seed: seed &+ StableHash.fnv1a(step.name))
                plan = ["targets: " + planned.targets.joined(separator: ", ")] + planned.operations.map(\.description)
            } catch {
                problem = "\(error)"
            }
        }
        return StepPreview(
            step: step, index: position, count: scenario.method.count, summary: StepDescription.describe(step), plan: plan,
            planProblem: problem, elapsedSeconds: Double(control.clock.now() - methodStartNs) / 1e9,
            stopped: { [control] in control.aborted != nil })
    }

    /// What the writers and the observer saw while `step` ran, for the gate.
    private func observation(of step: Step, from startNs: Int64, methodStartNs: Int64, leaderBefore: String?) -> StepObservation {
        let endNs = control.clock.now()
        let records = log.records
        var paths: [WritePath: StepObservation.PathWindow] = [:]
        for path in scenario.workload.paths {
            let ofPath = records.filter { $0.path == path && $0.endNs >= methodStartNs }.sorted { $0.endNs < $1.endNs }
            var longest: Int64 = 0
            var lastAck = methodStartNs
            for record in ofPath where record.isAck {
                longest = max(longest, record.endNs - lastAck)
                lastAck = record.endNs
            }
            let downNow = ofPath.last.map { !$0.isAck } ?? false
            if downNow { longest = max(longest, endNs - lastAck) }
            let during = ofPath.filter { $0.endNs >= startNs && $0.endNs <= endNs }
            paths[path] = .init(acked: during.filter(\.isAck).count, failed: during.filter { !$0.isAck }.count,
                                longestGapSeconds: Double(longest) / 1e9, downNow: downNow)
        }
        let stepRecord = record.steps.last { $0.name == step.name }
        return StepObservation(
            step: step, outcome: stepRecord?.outcome ?? "ok", detail: stepRecord?.detail,
            startSeconds: Double(startNs - methodStartNs) / 1e9, endSeconds: Double(endNs - methodStartNs) / 1e9, paths: paths,
            leaderBefore: leaderBefore, leaderAfter: observer?.currentLeader,
            events: (observer?.events ?? []).filter { $0.timeNs >= startNs && $0.timeNs <= endNs }, methodStartNs: methodStartNs,
            stopped: { [control] in control.aborted != nil })
    }

    // MARK: steps

    func execute(_ step: Step, phase: String, methodStartNs: Int64) {
        let index = begin(step, phase: phase)
        report(step.name)
        var outcome = "ok"
        var detail: String?
        switch step.action {
        case .fault(let invocation):
            do {
                let stepSeed = seed &+ StableHash.fnv1a(step.name)
                // The fault starts when we start applying it: a switchover's POST or a stop blocks until done, and
                // clients feel it from the first moment.
                let now = control.clock.now()
                let fault = try injector.inject(invocation, seed: stepSeed)
                state.withLock {
                    $0.record.steps[index].faultID = fault.id
                    $0.record.steps[index].targets = fault.plan.targets
                    if $0.record.firstFaultNs == nil { $0.record.firstFaultNs = now }
                    $0.record.faults.append(FaultWindow(step: step.name, kind: fault.plan.kind, targets: fault.plan.targets, startNs: now, endNs: fault.plan.isHealable ? nil : now))
                    if fault.plan.isHealable { $0.active[step.name] = fault }
                }
                detail = fault.plan.targets.joined(separator: ", ")
                save()
                if let held = invocation.parameters["duration"]?.durationValue, fault.plan.isHealable {
                    control.sleep(nanoseconds: held.nanoseconds)
                    if case .undoFailed(let why) = heal(stepName: step.name) {
                        outcome = "failed"
                        detail = (detail.map { $0 + "; " } ?? "") + why
                    }
                }
            } catch {
                outcome = "failed"
                detail = "\(error)"
                fail("fault \(step.name) could not be injected: \(error)")
            }
        case .heal(let name):
            switch heal(stepName: name) {
            case .notInEffect: detail = "\(name) was not in effect"
            case .healed: break
            case .undoFailed(let why):
                outcome = "failed"
                detail = why
            }
        case .sleep(let duration):
            let slept = phase == "method" ? control.sleepInMethod(nanoseconds: duration.nanoseconds) : control.sleep(nanoseconds: duration.nanoseconds)
            if !slept { outcome = "interrupted" } else if control.methodEndRequested, phase == "method" { detail = "ended early by the operator" }
        case .waitFor(let condition):
            let conditions = WaitConditions(platform: platform, log: log, paths: scenario.workload.paths, leaderAtStart: leaderAtStart)
            let timeout = condition.parameters["timeout"]?.durationValue ?? .seconds(60)
            let start = control.clock.now()
            // Conditions judged from the writers' log are cheap and polled often; those that probe the whole cluster
            // (curl and psql per node) once a second, which keeps the runner's CPU low. Timings come from the
            // observer and the writers, not from this poll.
            let interval: Int64 = condition.kind == "writes_ok" ? 100_000_000 : 1_000_000_000
            if control.waitUntil(timeoutNs: timeout.nanoseconds, intervalNs: interval, { conditions.holds(condition, stepStartNs: start) }) {
                detail = "after \(ScenarioDuration(nanoseconds: control.clock.now() - start))"
            } else if control.aborted == nil {
                outcome = "timed out"
                detail = "\(condition.kind) not reached within \(timeout)"
                fail("step \(step.name): \(condition.kind) not reached within \(timeout)")
                if scenario.stopsWhenAWaitTimesOut, phase == "method" {
                    control.abort("step \(step.name): \(condition.kind) not reached within \(timeout)")
                }
            } else {
                outcome = "interrupted"
            }
        case .probe(let probe):
            let result = ProbeRunner(platform: platform, endpoints: endpoints, cancelled: { [control] in control.aborted != nil }).run(probe)
            detail = result.detail
            if !result.held, control.aborted != nil {
                outcome = "interrupted"
            } else if !result.held {
                outcome = "failed"
                fail("probe \(step.name) did not hold: \(result.detail)")
            }
        case .action(let action):
            (outcome, detail) = ActionRunner(platform: platform, endpoints: endpoints, session: self).run(action, stepName: step.name)
            if outcome != "ok" { fail("action \(step.name) failed: \(detail ?? "")") }
        }
        end(index, outcome: outcome, detail: detail)
    }

    /// How healing one step's fault went.
    enum HealResult: Equatable {
        /// The step had no fault in effect.
        case notInEffect
        /// Undone, and journaled as healed.
        case healed
        /// The undo (or its journal record) failed: the fault is still in effect; why.
        case undoFailed(String)
    }

    @discardableResult
    func heal(stepName: String) -> HealResult {
        guard let fault = state.withLock({ $0.active.removeValue(forKey: stepName) }) else { return .notInEffect }
        let report = injector.heal(fault)
        let now = control.clock.now()
        state.withLock { state in
            if let i = state.record.faults.lastIndex(where: { $0.step == stepName && $0.endNs == nil }) { state.record.faults[i].endNs = now }
        }
        var result = HealResult.healed
        if !report.healed {
            let why = "undo of \(stepName) (\(fault.id)) failed: \(report.failures)"
            state.withLock { $0.unhealed.append(why) }
            result = .undoFailed(why)
        }
        save()
        return result
    }

    /// Heals every fault still in effect (end of method, abort).
    func healEverything() {
        healExternalFaults()
        let names = state.withLock { Array($0.active.keys) }
        for name in names.sorted() {
            let index = begin(name: "heal-\(name)", phase: "heal", summary: "heal \(name)")
            if case .undoFailed(let why) = heal(stepName: name) {
                end(index, outcome: "failed", detail: why)
            } else {
                end(index, outcome: "ok", detail: nil)
            }
        }
    }

    // MARK: after the method

    private func recoverAndFinish() {
        let wasAborted = control.aborted
        // With a fault still in effect (its undo failed) the cluster cannot recover: no point waiting for it.
        let leftInEffect = state.withLock { !$0.unhealed.isEmpty }
        if wasAborted == nil, !leftInEffect {
            report("recovery")
            let index = begin(name: "recovery", phase: "recovery", summary: "wait until the cluster is healthy again (≤ 120s)")
            // The run records it when the cluster needed a hand: a wedged PgPool-II is restarted (PgPoolWedgeHeal).
            var heal = PgPoolWedgeHeal()
            let healthy = control.waitUntil(timeoutNs: 120_000_000_000, intervalNs: 1_000_000_000) {
                let status = platform.status()
                if heal.observe(status, on: platform) { report("recovery: \(heal.done ?? "")") }
                return status.healthy
            }
            let problems = healthy ? nil : platform.status().problems.joined(separator: "; ")
            let detail = [heal.done.map { "intervention: \($0)" }, problems].compactMap { $0 }.joined(separator: "; ")
            end(index, outcome: healthy ? (heal.done == nil ? "ok" : "ok after intervention") : "timed out", detail: detail.isEmpty ? nil : detail)
            if !healthy { fail("the cluster did not become healthy within 120s after the method") }
            report("cool-down")
            control.sleep(nanoseconds: scenario.workload.cooldown.nanoseconds)
        }
        let stillAborting = control.aborted
        load?.stop()
        sampler?.stop()
        bank?.stop()
        measurement.stop()
        if stillAborting == nil, !leftInEffect {
            for step in scenario.steadyState { execute(step, phase: "steady_state_after", methodStartNs: record.methodStartNs ?? 0) }
        }
        control.stopWatching()
        finishMeasurements(aborted: stillAborting)
    }

    private func finishMeasurements(aborted: String?) {
        if let fault = record.firstFaultNs { measurement.markFault(atNs: fault) }
        if let end = record.methodEndNs { measurement.markHeal(atNs: end) }
        // Up to 5 read-backs 2 s apart; the pause wakes at once when the run is aborting (a stop condition, Ctrl-C).
        let (history, readError) = measurement.history(
            readBackDSN: measurement.hasWriters ? endpoints.dsn(for: .direct) : nil, memberAddresses: endpoints.memberAddresses,
            recoveryHoldNs: scenario.workload.recoveryHold.nanoseconds, originNs: record.methodStartNs,
            attempts: 5, pause: { [control] in control.sleep(nanoseconds: $0) })
        if let readError { fail("could not read the run's rows back for RPO: \(readError)") }
        let ops = history.ops
        let events = history.events
        var evaluated = MeasurementResults.evaluate(history)
        evaluated.throughput = throughputResults()
        evaluated.during = continuous?.results()
        evaluated.bank = bankResults()
        let samples = sampler?.log.samples ?? []
        if let sampler { evaluated.sampled = SampledMetrics.evaluate(samples, failedReads: sampler.failedReads) }
        let results = evaluated
        let predictions = FailoverModel.predict(scenario)
        let evaluator = HypothesisEvaluator(predictions: predictions) { name in results.value(of: name)?.literal }
        let verdicts = scenario.hypotheses.map { evaluator.evaluate($0.expression) }
        let (failures, unhealed) = state.withLock { ($0.failures, $0.unhealed) }
        state.withLock { state in
            state.record.events = events
            state.record.results = results
            state.record.hypotheses = verdicts
            state.record.predictions = predictions
            state.record.predictionOutcomes = PredictionComparison.compare(predictions, with: results)
            state.record.sampling = observer?.samplingStats
            state.record.endedAt = FaultJournal.timestamp()
            (state.record.verdict, state.record.reason) = RunJudgement.judge(
                unhealed: unhealed, aborted: aborted, hypotheses: verdicts, failures: failures)
        }
        var streamed: Set<RunDirectory.File> = []
        if log.isStreamed { streamed.insert(.ops) }
        if sampler?.log.isStreamed ?? false { streamed.insert(.metrics) }
        if measurement.readLog.isStreamed { streamed.insert(.reads) }
        for problem in [log.streamError, measurement.readLog.streamError, sampler?.log.streamError].compactMap({ $0 }) {
            fail("a history was not streamed whole or could not be read back (\(problem)); the figures come from what the run still held")
        }
        artifacts.finish(record, ops: ops, events: events, reads: history.reads, metrics: samples, streamed: streamed)
    }

    /// What the bank's checker finds: its history, and the final balances and transfer log read back through the direct
    /// path (up to 5 times, 2 s apart, as the writers' rows are).
    private func bankResults() -> BankResults? {
        guard let bank else { return nil }
        var final: BankFinalState?
        var problem: String?
        for attempt in 1...5 {
            do throws(PostgresError) {
                final = try bank.readFinal(dsn: endpoints.dsn(for: .direct))
                problem = nil
                break
            } catch {
                problem = "\(error)"
                if attempt < 5 { control.sleep(nanoseconds: 2_000_000_000) }
            }
        }
        if let problem { fail("could not read the bank back through the direct path: \(problem) (its balances are in chaos_bank_accounts, run_id \(runID))") }
        let records = bank.log.records
        if let streamProblem = bank.log.streamError { fail("bank.csv was not streamed whole or could not be read back (\(streamProblem))") }
        if !bank.log.isStreamed { try? artifacts.folder.write(Data(BankLog.csv(records, runID: runID).utf8), to: .bank) }
        return BankResults.evaluate(records, final: final, spec: bank.spec, originNs: record.methodStartNs ?? 0, readBackError: problem)
    }

    /// What the pgbench load felt; its tables are dropped afterwards.
    private func throughputResults() -> ThroughputResults? {
        guard let load else { return nil }
        let summary = load.summary
        guard let started = summary.startedNs else { return nil }
        let stopped = summary.stoppedNs ?? control.clock.now()
        let firstFault = record.faults.first
        let logged = load.transactions()
        for problem in logged.problems { fail(problem) }
        let results = ThroughputResults.evaluate(
            load: load.spec, transactions: logged.transactions, originNs: record.methodStartNs ?? started, faultNs: record.firstFaultNs,
            faultEndNs: firstFault?.endNs, startNs: started, endNs: min(stopped, logged.lastLaunchEndNs ?? stopped),
            launches: summary.launches, abortedClients: summary.abortedClients)
        if case .failure(let error) = load.dropTables() { fail("could not drop pgbench's tables after the run: \(error)") }
        return results
    }

    // MARK: bookkeeping

    private func begin(_ step: Step, phase: String) -> Int {
        begin(name: step.name, phase: phase, summary: StepDescription.describe(step))
    }

    func begin(name: String, phase: String, summary: String) -> Int {
        let now = control.clock.now()
        let index = state.withLock { state -> Int in
            state.record.steps.append(StepRecord(name: name, phase: phase, summary: summary, startNs: now))
            return state.record.steps.count - 1
        }
        save()
        return index
    }

    func end(_ index: Int, outcome: String, detail: String?) {
        let now = control.clock.now()
        state.withLock {
            $0.record.steps[index].endNs = now
            $0.record.steps[index].outcome = outcome
            if let detail { $0.record.steps[index].detail = detail }
        }
        save()
    }

    func fail(_ reason: String) { state.withLock { $0.failures.append(reason) } }

    /// Writes run.json with the events so far, and the history CSVs once the method runs, so that a run
    /// killed at any point leaves a journal `chaos report` can render as a partial run.
    func save() {
        if let observer {
            let events = observer.events
            state.withLock { $0.record.events = events }
            if record.methodStartNs != nil { artifacts.writeHistory(events: events) }
        }
        artifacts.write(record)
    }

    private func report(_ phase: String) {
        state.withLock { $0.phase = phase }
        let start = record.methodStartNs
        let elapsed = Double(control.clock.now() - (start ?? control.clock.now())) / 1e9
        var writes: [WritePath: (ok: Int, failed: Int)] = [:]
        for path in scenario.workload.paths {
            let status = log.liveStatus(of: path)
            writes[path] = (status.acked, status.failed)
        }
        progress(RunProgress(phase: phase, elapsed: start == nil ? 0 : elapsed, leader: nil, writes: writes))
    }
}

extension ConnectionSettings {
    /// Settings whose statement timeout is the scenario's per-write timeout.
    static func forTimeout(_ timeout: ScenarioDuration) -> ConnectionSettings {
        var settings = ConnectionSettings()
        settings.statementTimeoutMs = Int(timeout.nanoseconds / 1_000_000)
        return settings
    }
}

extension MetricValue {
    /// The value as a hypothesis literal.
    public var literal: Expression.Literal {
        switch self {
        case .duration(let seconds): return .duration(.seconds(seconds))
        case .count(let count): return .number(Double(count))
        case .boolean(let flag): return .boolean(flag)
        }
    }
}

/// A hash that is the same in every process (Swift's `hashValue` is seeded per process).
enum StableHash {
    /// 64-bit FNV-1a of the UTF-8 bytes.
    static func fnv1a(_ text: String) -> UInt64 {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in text.utf8 {
            hash ^= UInt64(byte)
            hash = hash &* 0x0000_0100_0000_01B3
        }
        return hash
    }
}
