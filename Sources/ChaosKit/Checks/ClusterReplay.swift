// Replays observer events to answer "who was primary / leader at time t" for the checks.

/// The cluster's state over time, rebuilt from events.
struct ClusterReplay {
    /// Events in time order.
    let events: [ClusterEvent]

    init(events: [ClusterEvent]) {
        self.events = events.sorted { $0.timeNs < $1.timeNs }
    }

    /// The leader-key holder at `timeNs` (nil when absent or unknown).
    func leaderKeyHolder(atNs timeNs: Int64) -> String? {
        events.last { $0.kind == .leaderKeyChanged && $0.timeNs <= timeNs }?.to
    }

    /// The member that was primary at `timeNs`: the leader-key holder, else the last member seen turning primary.
    func primary(atNs timeNs: Int64) -> String? {
        if let holder = leaderKeyHolder(atNs: timeNs) { return holder }
        return events.last { $0.kind == .roleChanged && $0.to == "primary" && $0.timeNs <= timeNs }?.member
    }

    /// Leader changes: the leader key passing to a different non-empty holder (first sighting excluded).
    func leaderChanges(afterNs: Int64 = Int64.min) -> [ClusterEvent] {
        var holder: String?
        var changes: [ClusterEvent] = []
        for event in events where event.kind == .leaderKeyChanged {
            guard let next = event.to else { continue }
            if let current = holder, current != next, event.timeNs > afterNs { changes.append(event) }
            holder = next
        }
        return changes
    }

    /// First event after `afterNs` matching `predicate`.
    func first(afterNs: Int64, where predicate: (ClusterEvent) -> Bool) -> ClusterEvent? {
        events.first { $0.timeNs > afterNs && predicate($0) }
    }

    /// The observation time of `member`'s latest promotion that may have happened before `timeNs`
    /// (its previous poll, when the change could first have happened, is before `timeNs`).
    func lastPromotion(of member: String, possiblyBeforeNs timeNs: Int64) -> Int64? {
        events.last {
            $0.kind == .roleChanged && $0.member == member && $0.to == "primary" && ($0.previousNs ?? $0.timeNs) < timeNs
        }?.timeNs
    }

    /// When `member` last stopped being primary at or before `timeNs`.
    func lastDemotion(of member: String, atOrBeforeNs timeNs: Int64) -> Int64? {
        events.last {
            $0.kind == .roleChanged && $0.member == member && $0.from == "primary" && $0.to != "primary" && $0.timeNs <= timeNs
        }?.timeNs
    }

    /// The latest promotion of any member other than `member` at or before `timeNs`.
    func lastPromotion(ofOtherThan member: String, atOrBeforeNs timeNs: Int64) -> ClusterEvent? {
        events.last { $0.kind == .roleChanged && $0.member != member && $0.to == "primary" && $0.timeNs <= timeNs }
    }
}
