// Patroni's REST API: one member's own view (/patroni), the cluster view (/cluster), the timeline history.

import Foundation

/// What one Patroni member says about itself.
public struct PatroniMemberStatus: Sendable, Hashable {
    /// `primary`, `replica`, `standby_leader`, … (`master` is reported as `primary`).
    public var role: String?
    /// Postgres state as Patroni sees it: `running`, `starting`, `stopped`, …
    public var state: String?
    /// The member's timeline.
    public var timeline: Int?
}

/// One member in Patroni's `/cluster` answer.
public struct PatroniClusterMember: Sendable, Hashable, Decodable {
    /// Member name.
    public var name: String
    /// `leader`, `replica`, `sync_standby`, …
    public var role: String?
    /// `running`, `stopped`, …
    public var state: String?
    /// Timeline.
    public var timeline: Int?
    /// Replication lag in bytes (Patroni reports a number, or a string when unknown).
    public var lag: Int?

    private enum CodingKeys: String, CodingKey { case name, role, state, timeline, lag }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        name = try container.decode(String.self, forKey: .name)
        role = try container.decodeIfPresent(String.self, forKey: .role)
        state = try container.decodeIfPresent(String.self, forKey: .state)
        timeline = try container.decodeIfPresent(Int.self, forKey: .timeline)
        lag = try? container.decodeIfPresent(Int.self, forKey: .lag)
    }
}

/// A timeline switch from Patroni's `/history`: timeline `timeline` ended at `switchPosition`.
public struct TimelineSwitch: Sendable, Hashable, Codable {
    /// The timeline that ended.
    public var timeline: Int
    /// Where it ended; the next timeline starts here.
    public var switchPosition: WALPosition

    /// Creates a switch record.
    public init(timeline: Int, switchPosition: WALPosition) {
        self.timeline = timeline
        self.switchPosition = switchPosition
    }
}

/// Why a Patroni or etcd answer could not be used.
public enum ClusterProbeError: Error, Sendable, Equatable {
    /// No HTTP answer.
    case unreachable(HTTPError)
    /// An answer that was not what the API documents.
    case malformed(String)
}

/// Reads one Patroni member's REST API.
public struct PatroniClient {
    /// The member's REST base URL, e.g. `http://10.203.0.21:8008`.
    public var baseURL: String
    private let http: HTTPClient

    /// Creates a client using `http` (one per thread).
    public init(baseURL: String, http: HTTPClient) {
        self.baseURL = baseURL.hasSuffix("/") ? String(baseURL.dropLast()) : baseURL
        self.http = http
    }

    /// `GET /patroni`: the member's role, state and timeline.
    public func status() throws(ClusterProbeError) -> PatroniMemberStatus {
        let object = try json(path: "/patroni")
        guard let dictionary = object as? [String: Any] else { throw .malformed("/patroni is not an object") }
        var role = dictionary["role"] as? String
        if role == "master" { role = "primary" }
        return PatroniMemberStatus(
            role: role, state: dictionary["state"] as? String, timeline: (dictionary["timeline"] as? NSNumber)?.intValue)
    }

    /// `GET /cluster`: every member with role, state, timeline and lag.
    public func cluster() throws(ClusterProbeError) -> [PatroniClusterMember] {
        struct Answer: Decodable { var members: [PatroniClusterMember] }
        let body = try fetch(path: "/cluster")
        do {
            return try JSONDecoder().decode(Answer.self, from: body).members
        } catch {
            throw .malformed("/cluster: \(error)")
        }
    }

    /// `GET /history`: the cluster's timeline switches.
    public func history() throws(ClusterProbeError) -> [TimelineSwitch] {
        guard let lines = try json(path: "/history") as? [[Any]] else { throw .malformed("/history is not a list") }
        return lines.compactMap { line in
            guard line.count >= 2, let timeline = (line[0] as? NSNumber)?.intValue,
                let position = (line[1] as? NSNumber)?.uint64Value
            else { return nil }
            return TimelineSwitch(timeline: timeline, switchPosition: WALPosition(position))
        }
    }

    private func fetch(path: String) throws(ClusterProbeError) -> Data {
        let response: HTTPResponse
        do {
            response = try http.get(baseURL + path)
        } catch {
            throw .unreachable(error)
        }
        return response.body
    }

    private func json(path: String) throws(ClusterProbeError) -> Any {
        let body = try fetch(path: path)
        do {
            return try JSONSerialization.jsonObject(with: body)
        } catch {
            throw .malformed("\(path): not JSON")
        }
    }
}
