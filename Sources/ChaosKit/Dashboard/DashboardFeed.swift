// Builds the dashboard's snapshots from a live run. It follows the writers' log and the sampler's log
// incrementally (only what is new is copied at each refresh), so a refresh costs the same after an hour as
// after a minute, and keeps per-second counts for the last minute only.

import Foundation

/// Turns a ``LiveRun`` into ``DashboardSnapshot``s.
public final class DashboardFeed: Sendable {
    /// How many seconds of per-second counts a path's lane keeps.
    public static let window = 60
    /// How many events and notes are shown.
    public static let shownEvents = 8, shownNotes = 6

    private let run: LiveRun
    private let notes: @Sendable () -> [String]
    private let prompt: @Sendable () -> String?
    private let state = Locked(State())
    /// One snapshot at a time: the terminal and the web page both ask, and the log is followed once.
    private let building = NSLock()

    private struct PathState {
        var acked = 0, failed = 0
        /// Per second (since the run's clock origin): acknowledged and failed.
        var seconds: [Int64: (ok: Int, failed: Int)] = [:]
        var lastAckNs: Int64?
        var lastFailed = false
        var longestGapNs: Int64 = 0
    }

    private struct State {
        var writesSeen = 0, samplesSeen = 0
        var paths: [WritePath: PathState] = [:]
        var lag: [String: (timeNs: Int64, bytes: Double)] = [:]
    }

    /// A feed of `run`; `notes` gives the latest notes and decisions (oldest first), `prompt` the question now.
    public init(run: LiveRun, notes: @escaping @Sendable () -> [String] = { [] }, prompt: @escaping @Sendable () -> String? = { nil }) {
        self.run = run
        self.notes = notes
        self.prompt = prompt
    }

    /// The dashboard now.
    public func snapshot() -> DashboardSnapshot {
        building.lock()
        defer { building.unlock() }
        let now = run.clock.now()
        let methodStart = run.methodStartNs
        let (newWrites, writesTotal) = run.writes.records(after: state.withLock { $0.writesSeen })
        let (newSamples, samplesTotal) = run.metrics?.samples(after: state.withLock { $0.samplesSeen }) ?? ([], 0)
        let paths = state.withLock { state -> [DashboardSnapshot.Path] in
            state.writesSeen = writesTotal
            state.samplesSeen = samplesTotal
            for record in newWrites { Self.add(record, to: &state.paths[record.path, default: PathState()], methodStartNs: methodStart) }
            for sample in newSamples where sample.metric == "replication_lag_bytes" {
                if let member = sample.labels["member"] { state.lag[member] = (sample.timeNs, sample.value) }
            }
            return run.paths.map { path in
                var lane = state.paths[path, default: PathState()]
                let current = now / 1_000_000_000
                lane.seconds = lane.seconds.filter { $0.key > current - Int64(Self.window) }
                state.paths[path] = lane
                let range = (current - Int64(Self.window) + 1)...current
                let since = max(lane.lastAckNs ?? methodStart ?? 0, methodStart ?? 0)
                let outage = lane.lastFailed ? now - since : 0
                return DashboardSnapshot.Path(
                    name: path.rawValue, acked: lane.acked, failed: lane.failed,
                    okPerSecond: range.map { lane.seconds[$0]?.ok ?? 0 }, failedPerSecond: range.map { lane.seconds[$0]?.failed ?? 0 },
                    outageSeconds: Double(max(0, outage)) / 1e9, longestOutageSeconds: Double(max(lane.longestGapNs, methodStart == nil ? 0 : outage)) / 1e9,
                    down: lane.lastFailed)
            }
        }
        let lag = state.withLock { $0.lag }
        let events = run.observer?.events ?? []
        let faults = run.faultsInEffect
        return DashboardSnapshot(
            title: run.title, runID: run.runID, phase: run.phase, elapsedSeconds: methodStart.map { Double(now - $0) / 1e9 } ?? 0,
            nodes: Self.nodes(from: events, lag: lag, faults: faults, now: now), services: Self.services(from: events), paths: paths,
            faults: faults, events: events.suffix(Self.shownEvents).map { Self.line($0, methodStartNs: methodStart ?? 0) },
            notes: Array(notes().suffix(Self.shownNotes)), prompt: prompt())
    }

    private static func add(_ record: OpRecord, to lane: inout PathState, methodStartNs: Int64?) {
        let second = record.endNs / 1_000_000_000
        var counts = lane.seconds[second] ?? (0, 0)
        if record.isAck {
            lane.acked += 1
            counts.ok += 1
            if let start = methodStartNs, record.endNs >= start {
                lane.longestGapNs = max(lane.longestGapNs, record.endNs - max(lane.lastAckNs ?? start, start))
            }
            lane.lastAckNs = max(lane.lastAckNs ?? record.endNs, record.endNs)
            lane.lastFailed = false
        } else {
            lane.failed += 1
            counts.failed += 1
            lane.lastFailed = true
        }
        lane.seconds[second] = counts
    }

    /// Each Patroni member's latest role, state and timeline, from the observer's events.
    static func nodes(from events: [ClusterEvent], lag: [String: (timeNs: Int64, bytes: Double)], faults: [String], now: Int64) -> [DashboardSnapshot.Node] {
        var nodes: [String: DashboardSnapshot.Node] = [:]
        for event in events where event.source.hasPrefix("patroni:") {
            guard let member = event.member else { continue }
            var node = nodes[member] ?? DashboardSnapshot.Node(name: member, faults: [])
            switch event.kind {
            case .memberUnreachable: node.state = "unreachable"
            case .memberReachable: if node.state == "unreachable" { node.state = nil }
            case .roleChanged: node.role = event.to
            case .stateChanged: node.state = event.to
            case .timelineChanged: node.timeline = event.to.flatMap { Int($0) }
            default: break
            }
            nodes[member] = node
        }
        return nodes.values.sorted { $0.name < $1.name }.map { node in
            var node = node
            // A reading older than 5 s says nothing about now (the primary may be gone).
            if node.role != "primary", let reading = lag[node.name], now - reading.timeNs < 5_000_000_000 { node.lagBytes = reading.bytes }
            node.faults = faults.filter { $0.range(of: "\\b\(NSRegularExpression.escapedPattern(for: node.name))\\b", options: .regularExpression) != nil }
            return node
        }
    }

    /// etcd endpoints and PgPool-II as the observer last saw them.
    static func services(from events: [ClusterEvent]) -> [String] {
        var etcd: [String: Bool] = [:]
        var pool: (reachable: Bool?, primary: String?) = (nil, nil)
        for event in events {
            switch event.kind {
            case .etcdReachable: etcd[event.member ?? event.source] = true
            case .etcdUnreachable: etcd[event.member ?? event.source] = false
            case .pgpoolReachable: pool.reachable = true
            case .pgpoolUnreachable: pool.reachable = false
            case .pgpoolPrimaryChanged: pool.primary = event.to
            default: break
            }
        }
        var lines = etcd.sorted { $0.key < $1.key }.map { "etcd \(endpointName($0.key)) \($0.value ? "up" : "UNREACHABLE")" }
        if let reachable = pool.reachable {
            lines.append("pgpool " + (reachable ? "up, primary \(pool.primary ?? "none")" : "UNREACHABLE"))
        }
        return lines
    }

    private static func endpointName(_ endpoint: String) -> String {
        endpoint.replacingOccurrences(of: "etcd:", with: "").replacingOccurrences(of: "http://", with: "")
    }

    /// An event as one line, its time in seconds since the method started.
    static func line(_ event: ClusterEvent, methodStartNs: Int64) -> String {
        let change = [event.from, event.to].compactMap { $0 }.joined(separator: " → ")
        return String(format: "%+.1f s ", Double(event.timeNs - methodStartNs) / 1e9) + "\(event.kind.rawValue) \(event.member.map(endpointName) ?? event.source)"
            + (change.isEmpty ? "" : " \(change)")
    }
}
