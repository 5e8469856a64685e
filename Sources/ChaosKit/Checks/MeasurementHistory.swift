// Everything the checks judge: the op log, the observer's events, the fault time and the rows read back.

import Foundation

/// The recorded history of a run, as the checks take it. Build it after the run; the checks are pure.
public struct MeasurementHistory: Sendable, Hashable {
    /// Every write attempt, any order.
    public var ops: [OpRecord]
    /// Every cluster event, any order.
    public var events: [ClusterEvent]
    /// When the fault was injected (ns since run start); nil for a baseline run with no fault.
    public var faultNs: Int64?
    /// When the fault window closes (heal, or end of the run); nil means open until the end.
    public var windowEndNs: Int64?
    /// The run's rows read back from the primary after recovery; nil when not read.
    public var readBack: RowCounts?
    /// The timeline switches (Patroni `/history`), for WAL bytes lost; nil when unknown.
    public var timelineHistory: [TimelineSwitch]?
    /// Maps a serving node as ops record it (`10.203.0.21:5432` or its host) to a Patroni member name.
    public var memberAddresses: [String: String]
    /// The time the old primary has to rejoin after the fault.
    public var rejoinBoundNs: Int64
    /// How long writes must go on being acknowledged after an outage for a path to count as recovered.
    public var recoveryHoldNs: Int64
    /// The time origin of texts written from the history (the method's start, as in the reports); nil: the fault.
    public var originNs: Int64?
    /// Every read attempt, any order (empty without readers).
    public var reads: [ReadRecord] = []
    /// The writer path whose rows the readers read.
    public var readSourcePath: WritePath = .direct

    /// Creates a history; `rejoinBoundNs` defaults to 60 s.
    public init(
        ops: [OpRecord], events: [ClusterEvent] = [], faultNs: Int64? = nil, windowEndNs: Int64? = nil,
        readBack: RowCounts? = nil, timelineHistory: [TimelineSwitch]? = nil, memberAddresses: [String: String] = [:],
        rejoinBoundNs: Int64 = 60_000_000_000, recoveryHoldNs: Int64 = PathOutages.defaultHoldNs, originNs: Int64? = nil
    ) {
        self.originNs = originNs
        self.recoveryHoldNs = recoveryHoldNs
        self.ops = ops
        self.events = events
        self.faultNs = faultNs
        self.windowEndNs = windowEndNs
        self.readBack = readBack
        self.timelineHistory = timelineHistory
        self.memberAddresses = memberAddresses
        self.rejoinBoundNs = rejoinBoundNs
    }

    /// The Patroni member serving `node` (`host:port`), matched on the full text, then on the host.
    public func member(servingNode node: String) -> String? {
        if let member = memberAddresses[node] { return member }
        let host = node.split(separator: ":").first.map(String.init) ?? node
        return memberAddresses[host]
    }

    /// `address → member` from Patroni REST URLs, e.g. `http://10.203.0.21:8008` for `pg1` gives `10.203.0.21 → pg1`.
    public static func memberAddresses(fromPatroniURLs urls: [String: String]) -> [String: String] {
        var addresses: [String: String] = [:]
        for (member, url) in urls {
            var rest = Substring(url)
            if let scheme = rest.range(of: "://") { rest = rest[scheme.upperBound...] }
            let authority = rest.split(separator: "/").first ?? rest
            let host = authority.split(separator: ":").first.map(String.init) ?? String(authority)
            addresses[host] = member
        }
        return addresses
    }
}

/// One write's identity: path and seq.
public struct WriteKey: Sendable, Hashable, Codable, Comparable {
    /// Path written through.
    public var path: WritePath
    /// Per-path sequence number.
    public var seq: Int64

    /// Creates a key.
    public init(path: WritePath, seq: Int64) {
        self.path = path
        self.seq = seq
    }

    public static func < (lhs: WriteKey, rhs: WriteKey) -> Bool {
        (lhs.path.rawValue, lhs.seq) < (rhs.path.rawValue, rhs.seq)
    }
}

/// How many copies of each write exist in the table.
public struct RowCounts: Sendable, Hashable {
    /// Copies per write (absent writes are not listed).
    public var copies: [WriteKey: Int]

    /// Wraps counts.
    public init(copies: [WriteKey: Int]) { self.copies = copies }

    /// Copies of one write (0 when absent).
    public func count(of key: WriteKey) -> Int { copies[key] ?? 0 }
}
