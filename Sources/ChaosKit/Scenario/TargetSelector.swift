// Targets named by role and resolved when a step fires: `primary`, `replica`, `2 of etcd`, `all of replica`, `pg1`.

import Foundation

/// Which nodes a step acts on, named by role (resolved at fire time) or by member name.
public struct TargetSelector: Sendable, Hashable, CustomStringConvertible {
    /// A role in the cluster, or one named member.
    public enum Role: Sendable, Hashable, CustomStringConvertible {
        /// The Patroni leader (the writable PostgreSQL node).
        case primary
        /// Any PostgreSQL replica.
        case replica
        /// The synchronous standby (sync replication only).
        case syncStandby
        /// The etcd member that is raft leader.
        case etcdLeader
        /// An etcd member that is not the leader.
        case etcdFollower
        /// Any etcd member.
        case etcd
        /// Any PostgreSQL/Patroni node, whatever its role.
        case postgres
        /// The PgPool-II node.
        case pgpool
        /// One node by its inventory name (`pg1`, `etcd2`).
        case member(String)

        /// Role keywords as written in scenarios.
        public static let keywords: [String: Role] = [
            "primary": .primary, "replica": .replica, "sync_standby": .syncStandby, "etcd_leader": .etcdLeader,
            "etcd_follower": .etcdFollower, "etcd": .etcd, "postgres": .postgres, "pgpool": .pgpool,
        ]

        /// Whether the role names at most one node at any moment.
        public var isSingular: Bool {
            switch self {
            case .primary, .syncStandby, .etcdLeader, .pgpool, .member: return true
            case .replica, .etcdFollower, .etcd, .postgres: return false
            }
        }

        public var description: String {
            switch self {
            case .member(let name): return name
            default: return Self.keywords.first { $0.value == self }?.key ?? "?"
            }
        }
    }

    /// How many of the role's nodes are meant.
    public enum Count: Sendable, Hashable {
        /// One node (a random pick among several, from the run's seed).
        case one
        /// Exactly N nodes.
        case exactly(Int)
        /// Every node with the role.
        case all
    }

    /// How many.
    public var count: Count
    /// Which role.
    public var role: Role

    /// Creates a selector.
    public init(_ role: Role, count: Count = .one) {
        self.role = role
        self.count = count
    }

    public var description: String {
        switch count {
        case .one: return role.description
        case .exactly(let n): return "\(n) of \(role)"
        case .all: return "all of \(role)"
        }
    }

    /// Why a text is not a target.
    public struct ParseError: Error, Sendable, Equatable {
        /// What is wrong.
        public var message: String
        /// The closest known role or member, if any.
        public var suggestion: String?
        /// Column offset of the bad word inside the text.
        public var offset: Int
    }

    /// Parses `ROLE`, `N of ROLE`, `all of ROLE`; `members` are the node names the inventory knows.
    public static func parse(_ text: String, members: [String]) -> Result<TargetSelector, ParseError> {
        let words = text.split(separator: " ", omittingEmptySubsequences: true).map(String.init)
        var count = Count.one
        var roleWord: String
        var roleOffset = 0
        switch words.count {
        case 1:
            roleWord = words[0]
        case 3 where words[1] == "of":
            roleWord = words[2]
            roleOffset = text.range(of: roleWord, options: .backwards).map { text.distance(from: text.startIndex, to: $0.lowerBound) } ?? 0
            if words[0] == "all" {
                count = .all
            } else if let n = Int(words[0]), n >= 1 {
                count = .exactly(n)
            } else {
                return .failure(ParseError(message: "'\(words[0])' is not a count; write a number of 1 or more, or 'all'", offset: 0))
            }
        default:
            return .failure(ParseError(
                message: "'\(text)' is not a target; write a role (primary, replica, etcd_leader, …), 'N of ROLE', 'all of ROLE' or a member name",
                offset: 0))
        }
        let role: Role
        if let keyword = Role.keywords[roleWord] {
            role = keyword
        } else if members.contains(roleWord) {
            role = .member(roleWord)
        } else {
            let candidates = Array(Role.keywords.keys) + members
            return .failure(ParseError(
                message: "unknown role or member '\(roleWord)'",
                suggestion: Suggestion.closest(to: roleWord, among: candidates), offset: roleOffset))
        }
        if role.isSingular, count != .one {
            return .failure(ParseError(
                message: "'\(role)' is a single node; '\(text)' asks for several", offset: 0))
        }
        if case .exactly(let n) = count, let limit = Self.maximumCount(of: role, members: members), n > limit {
            return .failure(ParseError(message: "'\(text)' asks for \(n) but the cluster has at most \(limit)", offset: 0))
        }
        return .success(TargetSelector(role, count: count))
    }

    /// The most nodes a role can have in a cluster whose members are `members`.
    static func maximumCount(of role: Role, members: [String]) -> Int? {
        let etcd = members.filter { $0.hasPrefix("etcd") }.count
        let postgres = members.filter { $0.hasPrefix("pg") && $0 != "pgpool" }.count
        switch role {
        case .etcd: return etcd
        case .etcdFollower: return max(etcd - 1, 0)
        case .postgres: return postgres
        case .replica: return max(postgres - 1, 0)
        default: return 1
        }
    }
}
