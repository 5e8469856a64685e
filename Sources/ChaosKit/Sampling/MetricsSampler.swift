// The sampler: once per interval, what the cluster says of itself — replication lag per replica, commits and
// connections on the primary, Patroni's role gauges, etcd's leader changes and failed proposals, PgPool-II's view of
// its backends — on its own thread, so it never holds up the writers or the observer.

import Foundation

/// Where the sampler reads.
public struct SamplerTargets: Sendable, Hashable {
    /// The primary as a monitoring role (libpq multi-host, read-write): `pg_stat_replication`, `pg_stat_database`,
    /// `pg_stat_activity`.
    public var primaryDSN: String?
    /// Patroni member → its REST API `/metrics` URL.
    public var patroni: [String: String]
    /// etcd member → its `/metrics` URL.
    public var etcd: [String: String]
    /// PgPool-II as its superuser (`SHOW POOL_NODES`).
    public var pgpoolDSN: String?

    /// Creates targets.
    public init(primaryDSN: String?, patroni: [String: String], etcd: [String: String], pgpoolDSN: String?) {
        self.primaryDSN = primaryDSN
        self.patroni = patroni
        self.etcd = etcd
        self.pgpoolDSN = pgpoolDSN
    }
}

/// Samples the cluster at a fixed interval into a ``MetricsLog``; unreadable sources are counted, never fatal.
public final class MetricsSampler: Sendable {
    /// The samples so far.
    public let log: MetricsLog
    private let targets: SamplerTargets
    private let intervalNs: Int64
    private let clock: MonotonicClock
    private let stopFlag = StopFlag()
    private let failures = Locked([String: Int]())

    /// The Patroni and etcd series kept (everything else on those pages is left out).
    static let patroniSeries: Set<String> = ["patroni_primary", "patroni_replica", "patroni_postgres_running", "patroni_postgres_timeline"]
    static let etcdSeries: Set<String> = [
        "etcd_server_leader_changes_seen_total", "etcd_server_proposals_failed_total", "etcd_server_has_leader", "etcd_server_is_leader",
    ]

    /// Creates a sampler logging into `log` (by default one held in memory); nothing runs until ``start()``.
    public init(targets: SamplerTargets, intervalNs: Int64, clock: MonotonicClock, log: MetricsLog = MetricsLog()) {
        self.log = log
        self.targets = targets
        self.intervalNs = max(100_000_000, intervalNs)
        self.clock = clock
    }

    /// Reads that failed, per source (a source down during a fault is expected; the count says how often).
    public var failedReads: [String: Int] { failures.withLock { $0 } }

    /// Starts the sampling thread.
    public func start() {
        stopFlag.workerStarted()
        let thread = Thread { [self] in
            run()
            stopFlag.workerFinished()
        }
        thread.name = "chaos-sampler"
        thread.start()
    }

    /// Stops sampling and waits for the thread (at most one round's timeouts).
    public func stop() {
        stopFlag.stopAndWait(timeoutSeconds: 10)
        log.close()
    }

    private func run() {
        let http = HTTPClient(timeoutMs: 500, connectTimeoutMs: 200)
        var primary: PostgresConnection?
        let pool = targets.pgpoolDSN.map { PgPoolProbe(dsn: $0, timeoutNs: 500_000_000) }
        var budget = ReconnectBudget.standard
        var poolBudget = ReconnectBudget.standard
        var lastCommits: (timeNs: Int64, value: Double)?
        var next = clock.now()
        while !stopFlag.isStopped {
            var samples: [MetricSample] = []
            samples += readPrimary(&primary, budget: &budget, lastCommits: &lastCommits)
            for (member, url) in targets.patroni.sorted(by: { $0.key < $1.key }) {
                samples += scrape(url, source: "patroni:\(member)", keep: Self.patroniSeries, http: http)
            }
            for (member, url) in targets.etcd.sorted(by: { $0.key < $1.key }) {
                samples += scrape(url, source: "etcd:\(member)", keep: Self.etcdSeries, http: http)
            }
            if let pool { samples += readPool(pool, budget: &poolBudget) }
            log.append(samples)
            next += intervalNs
            let wait = next - clock.now()
            if wait < 0 { next = clock.now() } else if stopFlag.sleep(nanoseconds: wait) { break }
        }
    }

    private func failed(_ source: String) { failures.withLock { $0[source, default: 0] += 1 } }

    /// Lag per replica, commits and client connections, in two statements on the primary.
    private func readPrimary(
        _ connection: inout PostgresConnection?, budget: inout ReconnectBudget, lastCommits: inout (timeNs: Int64, value: Double)?
    ) -> [MetricSample] {
        guard let dsn = targets.primaryDSN else { return [] }
        do throws(PostgresError) {
            if connection == nil {
                guard budget.allows(atNs: clock.now()) else { return [] }
                let cpuBefore = ReconnectBudget.threadCPUNs()
                defer { budget.charge(cpuNs: ReconnectBudget.threadCPUNs() - cpuBefore, atNs: clock.now()) }
                connection = try PostgresConnection.connect(dsn: dsn, timeoutNs: 1_000_000_000)
            }
            guard let live = connection else { return [] }
            let lag = try live.execute(Self.lagQuery, timeoutNs: 500_000_000)
            let load = try live.execute(Self.loadQuery, timeoutNs: 500_000_000)
            let now = clock.now()
            var samples: [MetricSample] = []
            for row in lag.rows {
                guard let member = row[0], let bytes = row[1].flatMap(Double.init) else { continue }
                samples.append(MetricSample(timeNs: now, source: "primary", metric: "replication_lag_bytes", labels: ["member": member], value: bytes))
                if let seconds = row[2].flatMap(Double.init) {
                    samples.append(MetricSample(timeNs: now, source: "primary", metric: "replication_lag_seconds", labels: ["member": member], value: seconds))
                }
            }
            if let row = load.rows.first, let commits = row[0].flatMap(Double.init), let clients = row[1].flatMap(Double.init) {
                samples.append(MetricSample(timeNs: now, source: "primary", metric: "connections", value: clients))
                if let last = lastCommits, now > last.timeNs, commits >= last.value {
                    samples.append(MetricSample(
                        timeNs: now, source: "primary", metric: "commits_per_second", value: (commits - last.value) / (Double(now - last.timeNs) / 1e9)))
                }
                lastCommits = (now, commits)
            }
            return samples
        } catch {
            connection = nil
            lastCommits = nil
            failed("primary")
            return []
        }
    }

    /// Replication lag per streaming replica, as the primary sees it: WAL bytes not yet replayed, and `replay_lag`.
    static let lagQuery = """
        SELECT application_name, pg_wal_lsn_diff(pg_current_wal_lsn(), replay_lsn)::bigint, extract(epoch FROM replay_lag)::float8 \
        FROM pg_stat_replication
        """
    /// Commits since the statistics were reset (all databases) and client connections.
    static let loadQuery = """
        SELECT (SELECT sum(xact_commit) FROM pg_stat_database)::float8, \
        (SELECT count(*) FROM pg_stat_activity WHERE backend_type = 'client backend')::float8
        """

    private func scrape(_ url: String, source: String, keep: Set<String>, http: HTTPClient) -> [MetricSample] {
        guard let response = try? http.get(url), response.status < 300 else {
            failed(source)
            return []
        }
        let now = clock.now()
        let page = PrometheusExposition.parse(String(decoding: response.body, as: UTF8.self), keeping: keep)
        return page.samples.filter { keep.contains($0.name) }.map {
            MetricSample(timeNs: now, source: source, metric: $0.name, labels: $0.labels.filter { $0.key != "scope" }, value: $0.value)
        }
    }

    private func readPool(_ probe: PgPoolProbe, budget: inout ReconnectBudget) -> [MetricSample] {
        guard let outcome = probe.poolNodes(within: &budget, atNs: clock.now()) else { return [] }
        guard case .success(let nodes) = outcome else {
            failed("pgpool")
            return []
        }
        let now = clock.now()
        return nodes.map {
            MetricSample(
                timeNs: now, source: "pgpool", metric: "pgpool_backend_up", labels: ["backend": "\($0.hostname):\($0.port)", "role": $0.role],
                value: $0.status == "up" || $0.status == "waiting" ? 1 : 0)
        }
    }
}
