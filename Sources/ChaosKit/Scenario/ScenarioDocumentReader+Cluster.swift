// The `cluster:` section: a timing preset and, where asked, Patroni's and PgPool-II's settings as values, checked
// against Patroni's rules with the file:line:col of the value that breaks them.

import Yams

extension ScenarioDocumentReader {
    /// Every key `cluster:` accepts.
    static let clusterKeys = [
        "profile", "replication", "failsafe", "ttl", "loop_wait", "retry_timeout", "maximum_lag_on_failover",
        "synchronous_mode_strict", "pgpool_health_check",
    ]
    /// Every key `cluster.pgpool_health_check:` accepts (PgPool-II's `health_check_*` names).
    static let healthCheckKeys = ["period", "timeout", "max_retries", "retry_delay"]

    func readCluster(_ node: Node) -> ClusterRequirements {
        let path = KeyPath.root.key("cluster")
        var cluster = ClusterRequirements()
        guard let fields = YAMLFields(node, path: path, what: "cluster", into: diagnostics) else { return cluster }
        fields.rejectUnknownKeys(allowed: Self.clusterKeys, context: "cluster", into: diagnostics)
        if let value = fields.value("profile"),
            let word = YAMLScalar.choice(value, path: path.key("profile"), among: TimingProfile.allCases.map(\.rawValue), what: "timing profile", into: diagnostics),
            let profile = TimingProfile(rawValue: word)
        {
            cluster.profile = profile
        }
        if let value = fields.value("replication"),
            let word = YAMLScalar.choice(value, path: path.key("replication"), among: ReplicationMode.allCases.map(\.rawValue), what: "replication mode", into: diagnostics),
            let mode = ReplicationMode(rawValue: word)
        {
            cluster.replication = mode
        }
        if let value = fields.value("failsafe"), let flag = YAMLScalar.bool(value, path: path.key("failsafe"), into: diagnostics) {
            cluster.failsafe = flag
        }
        readTimings(fields, path: path, into: &cluster)
        if let value = fields.value("maximum_lag_on_failover"), let bytes = readBytes(value, path: path.key("maximum_lag_on_failover")) {
            cluster.maximumLagOnFailover = bytes
        }
        if let value = fields.value("synchronous_mode_strict"),
           let flag = YAMLScalar.bool(value, path: path.key("synchronous_mode_strict"), into: diagnostics) {
            if flag && cluster.replication != .sync {
                diagnostics.error("synchronous_mode_strict needs `replication: sync`", at: value, path: path.key("synchronous_mode_strict"))
            }
            cluster.synchronousModeStrict = flag
        }
        if let value = fields.value("pgpool_health_check") { cluster.pgpoolHealthCheck = readHealthCheck(value, path: path.key("pgpool_health_check")) }
        return cluster
    }

    /// ttl / loop_wait / retry_timeout: each over the preset's value; the three together must keep Patroni's rule.
    private func readTimings(_ fields: YAMLFields, path: KeyPath, into cluster: inout ClusterRequirements) {
        let given = ["ttl", "loop_wait", "retry_timeout"].compactMap { key in fields.value(key).map { (key, $0) } }
        guard !given.isEmpty else { return }
        var timings = cluster.timings
        var complete = true
        for (key, node) in given {
            guard let seconds = readSeconds(node, path: path.key(key), max: 3600) else { complete = false; continue }
            switch key {
            case "ttl": timings.ttl = seconds
            case "loop_wait": timings.loopWait = seconds
            default: timings.retryTimeout = seconds
            }
        }
        guard complete else { return }
        if let violation = timings.violation {
            let (key, node) = given.first { $0.0 == "ttl" } ?? given[0]
            diagnostics.error(violation + " — with " + (given.count < 3 ? "the \(cluster.profile.rawValue) preset's other values" : "these values"),
                              at: node, path: path.key(key))
            return
        }
        cluster.customTimings = timings
    }

    /// Whole seconds: `10` or `10s`.
    private func readSeconds(_ node: Node, path: KeyPath, min: Int = 1, max: Int) -> Int? {
        guard let text = YAMLScalar.string(node, path: path, into: diagnostics) else { return nil }
        let seconds: Int
        if let whole = Int(text) {
            seconds = whole
        } else if case .success(let duration) = ScenarioDuration.parse(text), duration.nanoseconds % 1_000_000_000 == 0 {
            seconds = Int(duration.nanoseconds / 1_000_000_000)
        } else {
            diagnostics.error("expected whole seconds (`10` or `10s`), found '\(text)'", at: node, path: path)
            return nil
        }
        guard (min...max).contains(seconds) else {
            diagnostics.error("must be \(min)…\(max) s, found \(seconds)", at: node, path: path)
            return nil
        }
        return seconds
    }

    /// Bytes: a whole number or a size (`1MB`, `16MiB`).
    private func readBytes(_ node: Node, path: KeyPath) -> Int64? {
        guard let text = YAMLScalar.string(node, path: path, into: diagnostics) else { return nil }
        guard let bytes = Int64(text).map(Double.init) ?? ByteSize.parse(text), bytes >= 0, bytes <= 1e15 else {
            diagnostics.error("expected a size in bytes (`1048576`, `1MB`), found '\(text)'", at: node, path: path)
            return nil
        }
        return Int64(bytes)
    }

    /// `pgpool_health_check: {period, timeout, max_retries, retry_delay}`; keys left out keep the lab's values.
    private func readHealthCheck(_ node: Node, path: KeyPath) -> PgPoolHealthCheck? {
        guard let fields = YAMLFields(node, path: path, what: "pgpool_health_check", into: diagnostics) else { return nil }
        fields.rejectUnknownKeys(allowed: Self.healthCheckKeys, context: "pgpool_health_check", into: diagnostics)
        var check = PgPoolHealthCheck.lab
        if let value = fields.value("period"), let seconds = readSeconds(value, path: path.key("period"), max: 600) { check.period = Double(seconds) }
        if let value = fields.value("timeout"), let seconds = readSeconds(value, path: path.key("timeout"), max: 600) { check.timeout = Double(seconds) }
        if let value = fields.value("retry_delay"), let seconds = readSeconds(value, path: path.key("retry_delay"), max: 600) { check.retryDelay = Double(seconds) }
        if let value = fields.value("max_retries"),
           let retries = YAMLScalar.integer(value, path: path.key("max_retries"), min: 0, max: 100, into: diagnostics) {
            check.retries = retries
        }
        return check
    }
}
