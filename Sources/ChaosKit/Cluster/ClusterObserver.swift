// Polls Patroni, etcd and PgPool-II concurrently, one dedicated thread per source, and records events.

import Foundation

/// Watches the cluster during a run and records ``ClusterEvent``s on the run's monotonic clock.
///
/// Every Patroni member, every etcd endpoint and PgPool-II get their own thread on a fixed schedule
/// (default 10 Hz), so one slow or black-holed node never delays the others. Every poll's completion time
/// is kept so the real sampling interval can be reported (``samplingStats``).
public final class ClusterObserver: Sendable {
    private struct Recording {
        var events: [ClusterEvent] = []
        var completions: [String: [Int64]] = [:]
        var leaderKey: LeaderKeyReading?
        var leaderKeyPreviousNs: Int64?
        var etcdLeader: (id: String, term: UInt64)?
        var primaries: [String: Bool] = [:]
    }

    private let targets: ObserverTargets
    private let settings: ObserverSettings
    private let clock: MonotonicClock
    private let stopFlag = StopFlag()
    private let recording = Locked(Recording())

    /// Creates an observer; nothing is polled until ``start()``.
    public init(targets: ObserverTargets, clock: MonotonicClock, settings: ObserverSettings = ObserverSettings()) {
        self.targets = targets
        self.settings = settings
        self.clock = clock
    }

    /// Starts one polling thread per source.
    public func start() {
        for (member, url) in targets.patroni.sorted(by: { $0.key < $1.key }) {
            spawn(source: "patroni:\(member)") { [self] in makePatroniPoller(member: member, url: url) }
        }
        for url in targets.etcd {
            spawn(source: "etcd:\(url)") { [self] in makeEtcdPoller(url: url) }
        }
        if let dsn = targets.pgpoolDSN {
            spawn(source: "pgpool") { [self] in makePgPoolPoller(dsn: dsn) }
        }
    }

    /// Stops every polling thread and waits for them.
    @discardableResult
    public func stop() -> Bool {
        stopFlag.stopAndWait(timeoutSeconds: Double(settings.httpTimeoutMs) / 1000 * 4 + 5)
    }

    /// Every event so far, in the order recorded.
    public var events: [ClusterEvent] { recording.withLock { $0.events } }

    /// Poll completion times per source (ns since the run's start).
    public var sampleCompletions: [String: [Int64]] { recording.withLock { $0.completions } }

    /// The real intervals between polls, over every source.
    public var samplingStats: SamplingStats { SamplingStats.summarize(sampleCompletions) }

    /// Members that currently report the primary role and answer (live `cluster.leaders`).
    public var currentLeaders: Int { recording.withLock { $0.primaries.values.filter { $0 }.count } }

    /// The member that reports the primary role now (the first by name when several do), or nil.
    public var currentLeader: String? { recording.withLock { $0.primaries.filter { $0.value }.keys.sorted().first } }

    /// The timeline history (Patroni `/history`), the longest any member gives: a member with a stale view
    /// of the DCS answers a shorter one. Nil when no member answers. Blocking; call off the cooperative pool.
    public func timelineHistory() -> [TimelineSwitch]? {
        let http = HTTPClient(timeoutMs: 2_000, connectTimeoutMs: 1_000)
        let answers = targets.patroni.values.sorted().compactMap { try? PatroniClient(baseURL: $0, http: http).history() }
        return answers.max { $0.count < $1.count }
    }

    // MARK: - Threads

    /// Runs the poller `make()` returns on a new thread, on a fixed schedule, until stopped.
    private func spawn(source: String, make: @escaping @Sendable () -> (_ previousNs: Int64?) -> Void) {
        stopFlag.workerStarted()
        let period = settings.periodNs
        let thread = Thread { [self] in
            defer { stopFlag.workerFinished() }
            let poll = make()
            let origin = clock.now()
            var slot: Int64 = 0
            var previousNs: Int64?
            while true {
                let now = clock.now()
                var due = origin + slot * period
                if now - due >= period {
                    slot = (now - origin) / period
                    due = origin + slot * period
                }
                if stopFlag.sleep(nanoseconds: due - now) { break }
                slot += 1
                poll(previousNs)
                let done = clock.now()
                recording.withLock { $0.completions[source, default: []].append(done) }
                previousNs = done
            }
        }
        thread.name = "chaos-observe-\(source)"
        thread.start()
    }

    private func record(_ event: ClusterEvent) {
        recording.withLock { $0.events.append(event) }
    }

    // MARK: - Patroni

    private func makePatroniPoller(member: String, url: String) -> (Int64?) -> Void {
        let client = PatroniClient(
            baseURL: url, http: HTTPClient(timeoutMs: settings.httpTimeoutMs, connectTimeoutMs: settings.httpConnectTimeoutMs))
        let source = "patroni:\(member)"
        var reachable: Bool?
        var last = PatroniMemberStatus()
        return { [self] previousNs in
            let result = Result { () throws(ClusterProbeError) in try client.status() }
            let now = clock.now()
            func emit(_ kind: ClusterEvent.Kind, _ from: String?, _ to: String?) {
                record(ClusterEvent(timeNs: now, previousNs: previousNs, kind: kind, source: source, member: member, from: from, to: to))
            }
            switch result {
            case .failure:
                if reachable != false { emit(.memberUnreachable, nil, nil) }
                reachable = false
                recording.withLock { $0.primaries[member] = false }
            case .success(let status):
                if reachable != true { emit(.memberReachable, nil, nil) }
                reachable = true
                if let role = status.role, role != last.role { emit(.roleChanged, last.role, role) }
                if let state = status.state, state != last.state { emit(.stateChanged, last.state, state) }
                if let timeline = status.timeline, timeline != last.timeline {
                    emit(.timelineChanged, last.timeline.map(String.init), String(timeline))
                }
                last.role = status.role ?? last.role
                last.state = status.state ?? last.state
                last.timeline = status.timeline ?? last.timeline
                recording.withLock { $0.primaries[member] = status.role == "primary" }
            }
        }
    }

    // MARK: - etcd

    private func makeEtcdPoller(url: String) -> (Int64?) -> Void {
        let client = EtcdClient(
            baseURL: url, http: HTTPClient(timeoutMs: settings.httpTimeoutMs, connectTimeoutMs: settings.httpConnectTimeoutMs))
        let source = "etcd:\(url)"
        let scope = targets.patroniScope
        let namespace = targets.patroniNamespace
        var reachable: Bool?
        return { [self] previousNs in
            let status = try? client.status()
            let key = status == nil ? nil : try? client.leaderKey(scope: scope, namespace: namespace)
            let now = clock.now()
            let answered = status != nil
            if reachable != answered {
                record(ClusterEvent(
                    timeNs: now, previousNs: previousNs, kind: answered ? .etcdReachable : .etcdUnreachable,
                    source: source, member: url))
                reachable = answered
            }
            recording.withLock { state in
                if let status, status.raftTerm >= (state.etcdLeader?.term ?? 0), status.leaderID != state.etcdLeader?.id {
                    state.events.append(ClusterEvent(
                        timeNs: now, previousNs: previousNs, kind: .etcdLeaderChanged, source: source,
                        from: state.etcdLeader?.id, to: status.leaderID))
                    state.etcdLeader = (status.leaderID, status.raftTerm)
                }
                if let key, key.revision >= (state.leaderKey?.revision ?? 0) {
                    if state.leaderKey == nil || state.leaderKey?.holder != key.holder {
                        state.events.append(ClusterEvent(
                            timeNs: now, previousNs: state.leaderKeyPreviousNs ?? previousNs, kind: .leaderKeyChanged,
                            source: source, from: state.leaderKey?.holder, to: key.holder))
                    }
                    state.leaderKey = key
                    state.leaderKeyPreviousNs = now
                }
            }
        }
    }

    // MARK: - PgPool-II

    private func makePgPoolPoller(dsn: String) -> (Int64?) -> Void {
        let probe = PgPoolProbe(dsn: dsn, timeoutNs: settings.pgpoolTimeoutNs)
        var reachable: Bool?
        var primary: String??
        var statuses: [String: String] = [:]
        var budget = ReconnectBudget.standard
        return { [self] previousNs in
            // A poll skipped for the reconnect budget records nothing: PgPool-II was not asked.
            guard let outcome = probe.poolNodes(within: &budget, atNs: clock.now()) else { return }
            let nodes = try? outcome.get()
            let now = clock.now()
            func emit(_ kind: ClusterEvent.Kind, member: String? = nil, _ from: String?, _ to: String?) {
                record(ClusterEvent(timeNs: now, previousNs: previousNs, kind: kind, source: "pgpool", member: member, from: from, to: to))
            }
            let answered = nodes != nil
            if reachable != answered { emit(answered ? .pgpoolReachable : .pgpoolUnreachable, nil, nil) }
            reachable = answered
            guard let nodes else { return }
            let current = nodes.first { $0.role == "primary" && $0.status != "down" }.map { "\($0.hostname):\($0.port)" }
            if primary == nil || primary != .some(current) {
                emit(.pgpoolPrimaryChanged, primary.flatMap { $0 }, current)
                primary = .some(current)
            }
            for node in nodes {
                let name = "\(node.hostname):\(node.port)"
                if statuses[name] != node.status {
                    emit(.pgpoolNodeStatusChanged, member: name, statuses[name], node.status)
                    statuses[name] = node.status
                }
            }
        }
    }
}
