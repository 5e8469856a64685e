// RTO broken down by layer: fault → leader key → promotion → PgPool switch → first acks.

/// How long each layer of the stack took to react to the fault (ns after the fault; nil when not seen).
public struct LayerTimeline: Sendable, Hashable, Codable {
    /// The primary (leader-key holder) at the fault time.
    public var oldPrimary: String?
    /// The leader-key holder after the first change that followed the fault.
    public var newPrimary: String?
    /// Fault → the leader key was seen gone or held by another member.
    public var leaderKeyChangedNs: Int64?
    /// Fault → another member was seen promoted (or, failing that, a timeline increase).
    public var promotionNs: Int64?
    /// Fault → PgPool-II was seen naming a different primary.
    public var pgpoolSwitchNs: Int64?
    /// Fault → first ack after the last failure, direct path (= `rto.direct`).
    public var firstAckDirectNs: Int64?
    /// Fault → first ack after the last failure, PgPool path (= `rto.pgpool`).
    public var firstAckPgpoolNs: Int64?

    /// Reads the layers from the events; the first-ack figures come from the paths' availability.
    public static func evaluate(events: [ClusterEvent], faultNs: Int64?, paths: [PathAvailability]) -> LayerTimeline {
        var timeline = LayerTimeline()
        timeline.firstAckDirectNs = paths.first { $0.path == .direct }?.rtoNs
        timeline.firstAckPgpoolNs = paths.first { $0.path == .pgpool }?.rtoNs
        guard let faultNs else { return timeline }
        let replay = ClusterReplay(events: events)
        let oldPrimary = replay.primary(atNs: faultNs)
        timeline.oldPrimary = oldPrimary
        if let keyChange = replay.first(afterNs: faultNs, where: { $0.kind == .leaderKeyChanged && $0.to != oldPrimary }) {
            timeline.leaderKeyChangedNs = keyChange.timeNs - faultNs
        }
        timeline.newPrimary = replay.leaderChanges(afterNs: faultNs).first?.to
        let promotion =
            replay.first(afterNs: faultNs) { $0.kind == .roleChanged && $0.to == "primary" && $0.member != oldPrimary }
            ?? replay.first(afterNs: faultNs) { event in
                event.kind == .timelineChanged
                    && (event.to.flatMap { Int($0) } ?? 0) > (event.from.flatMap { Int($0) } ?? Int.max)
            }
        timeline.promotionNs = promotion.map { $0.timeNs - faultNs }
        let pgpoolBefore = replay.events.last { $0.kind == .pgpoolPrimaryChanged && $0.timeNs <= faultNs }?.to
        if let pgpoolSwitch = replay.first(afterNs: faultNs, where: {
            $0.kind == .pgpoolPrimaryChanged && $0.to != nil && $0.to != pgpoolBefore
        }) {
            timeline.pgpoolSwitchNs = pgpoolSwitch.timeNs - faultNs
        }
        return timeline
    }
}
