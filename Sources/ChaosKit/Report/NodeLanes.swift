// Each PostgreSQL node's role over time, rebuilt from the observer's events, plus the leader-key holder
// and PgPool's primary: the lanes of the report's cluster chart.

import Foundation

/// What a lane shows during a span, which decides its colour.
enum LaneCategory: String {
    case primary, replica, transition, unreachable, unknown, none, up
}

/// A span of time a lane showed one thing.
struct LaneSpan: Equatable {
    /// Start and end, ns on the run clock.
    var startNs: Int64
    var endNs: Int64
    /// What to print, e.g. `primary`, `replica · starting`, `unreachable`.
    var label: String
    /// The colour class.
    var category: LaneCategory
}

/// One row of the cluster chart.
struct Lane: Equatable {
    /// `node` for a PostgreSQL member, `etcd` for an etcd endpoint, `leader-key`, `pgpool-primary`.
    var kind: String
    /// The member name (`pg1`) or the lane title.
    var name: String
    /// Spans in time order.
    var spans: [LaneSpan]
}

/// Derives lanes from events.
enum NodeLanes {
    private static let memberKinds: Set<ClusterEvent.Kind> = [.roleChanged, .stateChanged, .memberReachable, .memberUnreachable]
    private static let healthyStates: Set<String> = ["running", "streaming"]

    /// The PostgreSQL members seen in the events, sorted by name.
    static func members(_ events: [ClusterEvent]) -> [String] {
        Array(Set(events.filter { memberKinds.contains($0.kind) }.compactMap(\.member))).sorted()
    }

    /// One lane per PostgreSQL member, from its first event to `endNs`.
    static func nodeLanes(_ events: [ClusterEvent], endNs: Int64) -> [Lane] {
        let sorted = events.sorted { $0.timeNs < $1.timeNs }
        return members(events).map { member in
            var role: String?
            var state: String?
            var reachable = true
            var changes: [(Int64, String, LaneCategory)] = []
            for event in sorted where event.member == member && memberKinds.contains(event.kind) {
                switch event.kind {
                case .roleChanged: role = event.to
                case .stateChanged: state = event.to
                case .memberUnreachable: reachable = false
                case .memberReachable: reachable = true
                default: break
                }
                changes.append((event.timeNs, label(role: role, state: state, reachable: reachable), category(role: role, state: state, reachable: reachable)))
            }
            return Lane(kind: "node", name: member, spans: spans(changes, endNs: endNs))
        }
    }

    /// The leader-key holder over time (`none` while the key is gone).
    static func leaderKeyLane(_ events: [ClusterEvent], endNs: Int64) -> Lane? {
        let changes = events.filter { $0.kind == .leaderKeyChanged }.sorted { $0.timeNs < $1.timeNs }
            .map { ($0.timeNs, $0.to ?? "none", $0.to == nil ? LaneCategory.none : .primary) }
        return changes.isEmpty ? nil : Lane(kind: "leader-key", name: "leader key", spans: spans(changes, endNs: endNs))
    }

    /// PgPool's primary over time, backends named by `names` (`host:port` or `host` → node name) when known.
    static func pgpoolLane(_ events: [ClusterEvent], endNs: Int64, names: [String: String]) -> Lane? {
        var reachable = true
        var primary: String?
        var changes: [(Int64, String, LaneCategory)] = []
        for event in events.sorted(by: { $0.timeNs < $1.timeNs }) {
            switch event.kind {
            case .pgpoolPrimaryChanged: primary = event.to
            case .pgpoolUnreachable: reachable = false
            case .pgpoolReachable: reachable = true
            default: continue
            }
            let name = primary.map { names[$0] ?? names[host($0)] ?? $0 }
            if !reachable {
                changes.append((event.timeNs, "unreachable", .unreachable))
            } else {
                changes.append((event.timeNs, name ?? "no primary", name == nil ? .none : .primary))
            }
        }
        return changes.isEmpty ? nil : Lane(kind: "pgpool-primary", name: "PgPool primary", spans: spans(changes, endNs: endNs))
    }

    /// One lane per etcd endpoint: up or unreachable, named by `names` (host → node name) when known.
    static func etcdLanes(_ events: [ClusterEvent], endNs: Int64, names: [String: String]) -> [Lane] {
        let sorted = events.filter { $0.kind == .etcdReachable || $0.kind == .etcdUnreachable }.sorted { $0.timeNs < $1.timeNs }
        let endpoints = Array(Set(sorted.compactMap { $0.member ?? endpoint(fromSource: $0.source) })).sorted()
        return endpoints.map { endpointURL in
            let changes = sorted.filter { ($0.member ?? endpoint(fromSource: $0.source)) == endpointURL }.map { event in
                event.kind == .etcdReachable ? (event.timeNs, "up", LaneCategory.up) : (event.timeNs, "unreachable", LaneCategory.unreachable)
            }
            let host = host(endpointURL.replacingOccurrences(of: "http://", with: "").replacingOccurrences(of: "https://", with: ""))
            return Lane(kind: "etcd", name: names[host] ?? "etcd \(host)", spans: spans(changes, endNs: endNs))
        }
    }

    /// `etcd:http://10.0.0.11:2379` → `http://10.0.0.11:2379`.
    private static func endpoint(fromSource source: String) -> String? {
        source.hasPrefix("etcd:") ? String(source.dropFirst(5)) : nil
    }

    /// `10.0.0.2:5432` → `10.0.0.2`.
    static func host(_ address: String) -> String {
        address.split(separator: ":").first.map(String.init) ?? address
    }

    private static func label(role: String?, state: String?, reachable: Bool) -> String {
        if !reachable { return "unreachable" }
        let roleText = role ?? "unknown"
        if let state, !healthyStates.contains(state) { return "\(roleText) · \(state)" }
        return roleText
    }

    private static func category(role: String?, state: String?, reachable: Bool) -> LaneCategory {
        if !reachable { return .unreachable }
        if let state, !healthyStates.contains(state) { return .transition }
        switch role {
        case "primary", "master", "leader", "standby_leader": return .primary
        case nil: return .unknown
        default: return .replica
        }
    }

    /// Turns change points into spans, merging repeats; the last span runs to `endNs`.
    private static func spans(_ changes: [(Int64, String, LaneCategory)], endNs: Int64) -> [LaneSpan] {
        var spans: [LaneSpan] = []
        for (time, label, category) in changes {
            if let last = spans.last, last.label == label { continue }
            if let last = spans.indices.last {
                spans[last].endNs = time
                if spans[last].endNs <= spans[last].startNs { spans.removeLast() }
            }
            if let last = spans.last, last.label == label { continue }
            spans.append(LaneSpan(startNs: time, endNs: max(endNs, time), label: label, category: category))
        }
        return spans
    }
}
