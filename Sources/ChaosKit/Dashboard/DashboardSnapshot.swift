// What the game day's dashboard shows at one moment: the same value feeds the terminal screen and the web
// page (as JSON), so both always say the same thing.

import Foundation

/// The dashboard's contents at one moment.
public struct DashboardSnapshot: Codable, Sendable, Equatable {
    /// One database node's lane.
    public struct Node: Codable, Sendable, Equatable {
        /// The member's name.
        public var name: String
        /// Patroni's role (`primary`, `replica`), nil before it was seen.
        public var role: String?
        /// PostgreSQL's state as Patroni reports it (`running`, `stopped`…), or `unreachable`.
        public var state: String?
        /// The timeline.
        public var timeline: Int?
        /// Replication lag behind the primary in bytes, from the sampler's latest reading (nil: not a replica, or unknown).
        public var lagBytes: Double?
        /// The faults in effect that name this node.
        public var faults: [String]
    }

    /// One write path's lane.
    public struct Path: Codable, Sendable, Equatable {
        /// `direct` or `pgpool`.
        public var name: String
        /// Acknowledged and failed writes since the run started.
        public var acked: Int, failed: Int
        /// Acknowledged and failed writes in each of the last seconds, oldest first (the current second last).
        public var okPerSecond: [Int], failedPerSecond: [Int]
        /// The outage running now: seconds since the last acknowledged write while the latest attempt failed; 0 when up.
        public var outageSeconds: Double
        /// The longest time without an acknowledged write since the method started.
        public var longestOutageSeconds: Double
        /// Whether the latest attempt failed.
        public var down: Bool
    }

    /// The scenario's title and the run's id.
    public var title: String, runID: String
    /// What the run is doing (`warm-up`, a step's name, `recovery`…).
    public var phase: String
    /// Seconds since the method started (0 during the warm-up).
    public var elapsedSeconds: Double
    /// The database nodes.
    public var nodes: [Node]
    /// etcd and PgPool-II, one line each (`etcd 10.0.0.11:2379 up`, `pgpool primary 10.0.0.22:5432`).
    public var services: [String]
    /// The write paths.
    public var paths: [Path]
    /// The faults in effect.
    public var faults: [String]
    /// The latest cluster events, oldest first (`+11.2 s roleChanged pg2 replica → primary`).
    public var events: [String]
    /// The latest notes, decisions and marks, oldest first.
    public var notes: [String]
    /// What the exercise waits for now (the operator's question), if anything.
    public var prompt: String?

    /// A dashboard with nothing measured yet (before the writers run).
    public static func preparing(_ title: String) -> DashboardSnapshot {
        DashboardSnapshot(title: title, runID: "", phase: "starting", elapsedSeconds: 0, nodes: [], services: [], paths: [], faults: [], events: [],
                          notes: [], prompt: nil)
    }
}
