// etcd v3 through its JSON gateway: who leads the etcd cluster, and Patroni's leader key.

import Foundation

/// One etcd member's view of the etcd cluster.
public struct EtcdStatus: Sendable, Hashable {
    /// The answering member's id.
    public var memberID: String
    /// The current raft leader's id.
    public var leaderID: String
    /// The raft term (grows with every election).
    public var raftTerm: UInt64
}

/// Patroni's leader key as read from etcd.
public struct LeaderKeyReading: Sendable, Hashable {
    /// The leader's member name, or nil when the key is absent (no leader).
    public var holder: String?
    /// The etcd store revision of the read, to order readings from different endpoints.
    public var revision: UInt64
}

/// Reads one etcd endpoint through the v3 JSON gateway (`/v3/...`).
public struct EtcdClient {
    /// The endpoint, e.g. `http://10.203.0.11:2379`.
    public var baseURL: String
    private let http: HTTPClient

    /// Creates a client using `http` (one per thread).
    public init(baseURL: String, http: HTTPClient) {
        self.baseURL = baseURL.hasSuffix("/") ? String(baseURL.dropLast()) : baseURL
        self.http = http
    }

    /// `POST /v3/maintenance/status`.
    public func status() throws(ClusterProbeError) -> EtcdStatus {
        let object = try call("/v3/maintenance/status", body: "{}")
        let header = object["header"] as? [String: Any] ?? [:]
        guard let leader = EtcdClient.text(object["leader"]) else { throw .malformed("status has no leader") }
        return EtcdStatus(
            memberID: EtcdClient.text(header["member_id"]) ?? "", leaderID: leader,
            raftTerm: UInt64(EtcdClient.text(object["raftTerm"]) ?? "") ?? 0)
    }

    /// Reads Patroni's leader key `<namespace>/<scope>/leader` (linearizable read).
    public func leaderKey(scope: String, namespace: String = "/service") throws(ClusterProbeError) -> LeaderKeyReading {
        let trimmed = namespace.hasSuffix("/") ? String(namespace.dropLast()) : namespace
        let key = Data("\(trimmed)/\(scope)/leader".utf8).base64EncodedString()
        let object = try call("/v3/kv/range", body: "{\"key\":\"\(key)\"}")
        let header = object["header"] as? [String: Any] ?? [:]
        let revision = UInt64(EtcdClient.text(header["revision"]) ?? "") ?? 0
        let kvs = object["kvs"] as? [[String: Any]] ?? []
        let holder = kvs.first.flatMap { $0["value"] as? String }.flatMap { Data(base64Encoded: $0) }
            .map { String(decoding: $0, as: UTF8.self) }
        return LeaderKeyReading(holder: holder, revision: revision)
    }

    private func call(_ path: String, body: String) throws(ClusterProbeError) -> [String: Any] {
        let response: HTTPResponse
        do {
            response = try http.post(baseURL + path, json: body)
        } catch {
            throw .unreachable(error)
        }
        guard response.status == 200 else { throw .malformed("\(path) answered HTTP \(response.status)") }
        guard let object = (try? JSONSerialization.jsonObject(with: response.body)) as? [String: Any] else {
            throw .malformed("\(path): not a JSON object")
        }
        return object
    }

    /// The gateway prints 64-bit numbers as strings; accept both.
    private static func text(_ value: Any?) -> String? {
        if let string = value as? String { return string }
        if let number = value as? NSNumber { return number.stringValue }
        return nil
    }
}
