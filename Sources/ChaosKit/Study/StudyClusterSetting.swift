// The cluster settings a study can sweep, and how one value changes a scenario's `cluster:`.

/// Applies a swept value to a cluster's requirements.
public enum StudyClusterSetting {
    /// The settings a study sweeps (the `cluster:` keys; PgPool-II's health check one field at a time).
    public static let names = [
        "profile", "replication", "failsafe", "ttl", "loop_wait", "retry_timeout", "maximum_lag_on_failover",
        "synchronous_mode_strict", "pgpool_health_check.period", "pgpool_health_check.timeout",
        "pgpool_health_check.max_retries", "pgpool_health_check.retry_delay",
    ]

    /// `cluster` with `name` set to `value`, or why the value is not one.
    public static func apply(_ name: String, _ value: String, to cluster: ClusterRequirements) -> Result<ClusterRequirements, RunError> {
        var result = cluster
        func seconds(_ max: Int) -> Int? {
            let text = value.hasSuffix("s") ? String(value.dropLast()) : value
            guard let number = Int(text), (1...max).contains(number) else { return nil }
            return number
        }
        func bool() -> Bool? { ["true": true, "false": false, "on": true, "off": false][value.lowercased()] }
        var timings = result.timings
        switch name {
        case "profile":
            guard let profile = TimingProfile(rawValue: value) else { return .failure(RunError("profile: '\(value)' is not one of " + TimingProfile.allCases.map(\.rawValue).joined(separator: ", "))) }
            result.profile = profile
            result.customTimings = nil
            return .success(result)
        case "replication":
            guard let mode = ReplicationMode(rawValue: value) else { return .failure(RunError("replication: '\(value)' is not async or sync")) }
            result.replication = mode
            return .success(result)
        case "failsafe", "synchronous_mode_strict":
            guard let flag = bool() else { return .failure(RunError("\(name): '\(value)' is not true or false")) }
            if name == "failsafe" { result.failsafe = flag } else { result.synchronousModeStrict = flag }
            return .success(result)
        case "ttl", "loop_wait", "retry_timeout":
            guard let number = seconds(3600) else { return .failure(RunError("\(name): '\(value)' is not whole seconds 1…3600")) }
            if name == "ttl" { timings.ttl = number } else if name == "loop_wait" { timings.loopWait = number } else { timings.retryTimeout = number }
            result.customTimings = timings
            return .success(result)
        case "maximum_lag_on_failover":
            guard let bytes = Int64(value) ?? ByteSize.parse(value).map({ Int64($0) }), bytes >= 0 else {
                return .failure(RunError("maximum_lag_on_failover: '\(value)' is not a size in bytes"))
            }
            result.maximumLagOnFailover = bytes
            return .success(result)
        default:
            var check = result.healthCheck
            switch name {
            case "pgpool_health_check.max_retries":
                guard let retries = Int(value), (0...100).contains(retries) else { return .failure(RunError("\(name): '\(value)' is not 0…100")) }
                check.retries = retries
            case "pgpool_health_check.period", "pgpool_health_check.timeout", "pgpool_health_check.retry_delay":
                guard let number = seconds(600) else { return .failure(RunError("\(name): '\(value)' is not whole seconds 1…600")) }
                if name.hasSuffix("period") { check.period = Double(number) } else if name.hasSuffix("timeout") { check.timeout = Double(number) } else { check.retryDelay = Double(number) }
            default:
                return .failure(RunError("'\(name)' is not a cluster setting"))
            }
            result.pgpoolHealthCheck = check
            return .success(result)
        }
    }

    /// Applies every cluster setting of `cell` (in `parameters`' order) and checks Patroni's rule on the result.
    public static func apply(_ cell: StudyCell, parameters: [StudyParameter], to cluster: ClusterRequirements) -> Result<ClusterRequirements, RunError> {
        var result = cluster
        // A preset first (it resets the three timings), then the values, whatever order the file lists them in.
        let ordered = parameters.filter { $0.name == "profile" } + parameters.filter { $0.name != "profile" }
        for parameter in ordered where parameter.isClusterSetting {
            guard let value = cell.values[parameter.name] else { continue }
            switch apply(parameter.name, value, to: result) {
            case .success(let next): result = next
            case .failure(let error): return .failure(error)
            }
        }
        if let violation = result.timings.violation { return .failure(RunError(violation)) }
        if result.strict && result.replication != .sync { return .failure(RunError("synchronous_mode_strict needs replication sync")) }
        return .success(result)
    }
}
