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

    /// The settings the containers run, from .env (the entrypoint's defaults for what it leaves out): a timing preset
    /// when (ttl, loop_wait, retry_timeout) match one, else the values; the replication mode, the lag limit, strictness
    /// and PgPool-II's health check.
    func profile() throws(LabError) -> ClusterRequirements {
        func number(_ name: String, _ fallback: Int) throws(LabError) -> Int {
            guard let value = Int(values[name] ?? "\(fallback)"), value >= 0 else {
                throw LabError("\(name)=\(values[name] ?? "") in .env is not a whole number", hint: "docs/docker.md lists the settings")
            }
            return value
        }
        let timings = PatroniTimings(ttl: try number("TTL", 10), loopWait: try number("LOOP_WAIT", 1), retryTimeout: try number("RETRY_TIMEOUT", 4))
        if let violation = timings.violation { throw LabError("TTL / LOOP_WAIT / RETRY_TIMEOUT in .env: \(violation)", hint: "docs/docker.md") }
        let sync = (values["SYNCHRONOUS_MODE"] ?? "false").lowercased() == "true"
        let preset = TimingProfile.allCases.first { $0.timings == (timings.ttl, timings.loopWait, timings.retryTimeout) }
        var requirements = ClusterRequirements(profile: preset ?? .fast, replication: sync ? .sync : .async, failsafe: false)
        if preset == nil { requirements.customTimings = timings }
        requirements.maximumLagOnFailover = Int64(try number("MAXIMUM_LAG_ON_FAILOVER", 1_048_576))
        requirements.synchronousModeStrict = (values["SYNCHRONOUS_MODE_STRICT"] ?? "false").lowercased() == "true"
        requirements.pgpoolHealthCheck = PgPoolHealthCheck(
            period: Double(try number("HEALTH_CHECK_PERIOD", 1)), timeout: Double(try number("HEALTH_CHECK_TIMEOUT", 1)),
            retries: try number("HEALTH_CHECK_MAX_RETRIES", 3), retryDelay: Double(try number("HEALTH_CHECK_RETRY_DELAY", 1)))
        return requirements
    }
}
