// The stack's .env: KEY=VALUE lines (Compose's format), read for the passwords and the Patroni timings the
// containers were started with.

import Foundation

/// Settings from the stack's .env file.
struct DockerEnvironmentFile: Sendable {
    var values: [String: String]

    /// Reads `path`; `#` comments and blank lines are skipped, surrounding quotes removed.
    static func read(_ path: String) throws(LabError) -> DockerEnvironmentFile {
        guard let text = try? String(contentsOfFile: path, encoding: .utf8) else {
            throw LabError("cannot read the stack's settings at \(path)", hint: "cp .env.example .env, set its passwords, and start the stack with it")
        }
        return DockerEnvironmentFile(text: text)
    }

    init(text: String) {
        var values: [String: String] = [:]
        for raw in text.split(separator: "\n") {
            let line = raw.trimmingCharacters(in: .whitespaces)
            guard !line.isEmpty, !line.hasPrefix("#"), let equals = line.firstIndex(of: "=") else { continue }
            let key = String(line[..<equals]).trimmingCharacters(in: .whitespaces)
            var value = String(line[line.index(after: equals)...]).trimmingCharacters(in: .whitespaces)
            if value.count >= 2, let first = value.first, first == value.last, first == "\"" || first == "'" {
                value = String(value.dropFirst().dropLast())
            }
            values[key] = value
        }
        self.values = values
    }

    func required(_ key: String) throws(LabError) -> String {
        guard let value = values[key], !value.isEmpty else {
            throw LabError(".env has no \(key)", hint: "copy it from .env.example; the containers need the same value")
        }
        return value
    }

    /// The cluster's users and passwords (user names as docker-compose.yaml and infra/ fix them).
    func credentials() throws(LabError) -> ClusterCredentials {
        ClusterCredentials(
            superuser: "postgres", superuserPassword: try required("SUPERUSER_PASSWORD"),
            replicationUser: "replicator", replicationPassword: try required("REPLICATION_PASSWORD"),
            rewindUser: "rewinder", rewindPassword: try required("REWIND_PASSWORD"),
            appUser: values["APP_USER"] ?? "chaos", appPassword: try required("APP_PASSWORD"), appDatabase: values["APP_DATABASE"] ?? "chaos",
            restAPIUser: values["RESTAPI_USER"] ?? "patroni", restAPIPassword: try required("RESTAPI_PASSWORD"),
            pcpUser: values["PCP_USER"] ?? "pcpadmin", pcpPassword: try required("PCP_PASSWORD"))
    }

    /// The profile the containers run: the timing profile whose (ttl, loop_wait, retry_timeout) match, and the
    /// replication mode.
    func profile() throws(LabError) -> ClusterRequirements {
        let ttl = Int(values["TTL"] ?? "10") ?? -1
        let loopWait = Int(values["LOOP_WAIT"] ?? "1") ?? -1
        let retry = Int(values["RETRY_TIMEOUT"] ?? "4") ?? -1
        guard let timing = TimingProfile.allCases.first(where: { $0.timings == (ttl, loopWait, retry) }) else {
            let known = TimingProfile.allCases.map { "\($0.rawValue) \($0.timings)" }.joined(separator: ", ")
            throw LabError("TTL=\(ttl) LOOP_WAIT=\(loopWait) RETRY_TIMEOUT=\(retry) in .env match no timing profile",
                           hint: "use one of: \(known)")
        }
        let sync = (values["SYNCHRONOUS_MODE"] ?? "false").lowercased() == "true"
        return ClusterRequirements(profile: timing, replication: sync ? .sync : .async, failsafe: false)
    }
}
