// A pgbench load next to a scenario's writers, for throughput through a fault. pgbench's clients abort when
// their server goes away and pgbench exits once all have; a supervisor thread starts it again at once (and
// again while the cluster refuses connections), so the load resumes as soon as the cluster serves again.
// Every launch writes its own per-transaction log; the run reads them all back at the end.

public import Foundation

/// What a scenario's `workload.pgbench` asks for.
public struct PgbenchLoadSpec: Sendable, Hashable, Codable {
    /// pgbench clients (`-c`).
    public var clients: Int
    /// What they run.
    public var mode: BenchMode
    /// Which way they connect.
    public var path: WritePath
    /// pgbench's scale factor for `pgbench -i`.
    public var scale: Int

    /// Creates a load description.
    public init(clients: Int = 8, mode: BenchMode = .tpcbLike, path: WritePath = .pgpool, scale: Int = 1) {
        self.clients = clients
        self.mode = mode
        self.path = path
        self.scale = scale
    }
}

/// A running pgbench load.
public final class PgbenchLoad: @unchecked Sendable {
    /// What runs.
    public let spec: PgbenchLoadSpec
    private let pgbench: Pgbench
    private let connections: BenchConnections
    private let directory: URL
    private let clock: MonotonicClock
    private let stopFlag = StopFlag()
    private let state = Locked(State())

    private struct State {
        var launches = 0
        var abortedClients = 0
        var lastError: String?
        /// (wall-clock µs, run-clock ns) taken together when the load started: maps pgbench's epoch stamps
        /// onto the run's monotonic clock.
        var anchor: (wallUs: Int64, monotonicNs: Int64)?
        var startedNs: Int64?
        var stoppedNs: Int64?
        /// The pgbench running now (our child), so ``PgbenchLoad/stop()`` can end it cleanly.
        var currentPID: Int32?
        /// Set by ``PgbenchLoad/stop()``: start no new pgbench.
        var stopping = false
        var supervising = false
    }

    /// Creates a load whose logs go to `directory`.
    public init(spec: PgbenchLoadSpec, pgbench: Pgbench, connections: BenchConnections, directory: URL, clock: MonotonicClock) {
        self.spec = spec
        self.pgbench = pgbench
        self.connections = connections
        self.directory = directory
        self.clock = clock
    }

    private var target: BenchTarget { spec.path == .direct ? .direct : .pgpool }

    /// Creates pgbench's tables on the primary (`pgbench -i -s scale`). Blocking.
    public func prepare() -> Result<Void, BenchError> {
        guard case .success(let conninfo) = connections.pgbenchConninfo(for: .direct) else { return .failure(BenchError("no primary to initialize")) }
        do { try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true) } catch {
            return .failure(BenchError("cannot create \(directory.path): \(error)"))
        }
        if case .failure(let error) = pgbench.initialize(conninfo: conninfo, password: connections.password, scale: spec.scale, cancelled: { false }) {
            return .failure(error)
        }
        if spec.mode == .insert {
            try? Pgbench.insertScript.write(toFile: scriptPath, atomically: true, encoding: .utf8)
            guard case .success(let libpq) = connections.libpqConninfo(for: .direct) else { return .success(()) }
            do {
                let connection = try PostgresConnection.connect(dsn: libpq, timeoutNs: 10_000_000_000)
                _ = try connection.execute(Pgbench.insertTableDDL)
            } catch { return .failure(BenchError("cannot create chaos_bench_insert: \(error)")) }
        }
        return .success(())
    }

    private var scriptPath: String { directory.appendingPathComponent("insert.sql").path }

    /// Starts the supervisor thread.
    public func start() {
        var now = timeval()
        gettimeofday(&now, nil)
        let monotonic = clock.now()
        state.withLock {
            $0.anchor = (Int64(now.tv_sec) * 1_000_000 + Int64(now.tv_usec), monotonic)
            $0.startedNs = monotonic
        }
        stopFlag.workerStarted()
        let thread = Thread { [self] in
            supervise()
            stopFlag.workerFinished()
        }
        thread.name = "chaos-pgbench-load"
        thread.start()
    }

    private func supervise() {
        guard case .success(let conninfo) = connections.pgbenchConninfo(for: target) else { return }
        let threads = min(spec.clients, max(ProcessInfo.processInfo.activeProcessorCount, 1))
        state.withLock { $0.supervising = true }
        defer { state.withLock { $0.supervising = false } }
        while !stopFlag.isStopped, !state.withLock({ $0.stopping }) {
            let launch = state.withLock { state -> Int in
                state.launches += 1
                return state.launches
            }
            let prefix = directory.appendingPathComponent(String(format: "load-%04d", launch)).path
            let arguments = pgbench.arguments(mode: spec.mode, clients: spec.clients, threads: threads, seconds: 86_400, logPrefix: prefix,
                                              scriptFile: scriptPath, conninfo: conninfo)
            let started = clock.now()
            let stop = stopFlag
            let result = pgbench.runner.run(arguments, environment: ["PGPASSWORD": connections.password], timeout: .seconds(86_400),
                                            cancelled: { stop.isStopped }, launched: { [state] pid in
                                                // A stop that came while this pgbench was being started ends it at once.
                                                if state.withLock({ state -> Bool in state.currentPID = pid; return state.stopping }) { kill(pid, SIGALRM) }
                                            })
            state.withLock { $0.currentPID = nil }
            let aborted = result.standardError.components(separatedBy: "aborted in command").count - 1
            state.withLock {
                $0.abortedClients += aborted
                if !result.succeeded, !$0.stopping { $0.lastError = Pgbench.message(result) }
            }
            // A launch that could not even connect (the cluster is between primaries): try again shortly.
            if clock.now() - started < 1_000_000_000, !state.withLock({ $0.stopping }) { usleep(200_000) }
        }
    }

    /// Stops pgbench and the supervisor. pgbench gets SIGALRM — what ends its `-T` run — so it finishes like a
    /// timed run and writes out its buffered log; after 5 s it is killed instead (and its log's tail lost).
    public func stop() {
        let pid = state.withLock { state -> Int32? in
            if state.stoppedNs == nil { state.stoppedNs = clock.now() }
            state.stopping = true
            return state.currentPID
        }
        // Only while that PID is still this load's pgbench (its log prefix is under our directory): Foundation
        // reaps it before the supervisor clears the PID. Plain kill(2), not ProcessTable.send, which would reap
        // it too — Foundation must see this child exit itself.
        if let pid, ProcessTable.commandLine(of: pid).contains(where: { $0.contains(directory.path) }) { kill(pid, SIGALRM) }
        let deadline = ContinuousClock.now + .seconds(5)
        while state.withLock({ $0.supervising }), ContinuousClock.now < deadline { usleep(20_000) }
        stopFlag.stopAndWait(timeoutSeconds: 10)
    }

    /// Every transaction pgbench logged, on the run's clock (ns), sorted, and where the log of the launch
    /// stopped at the end runs out: pgbench buffers its log and a signal loses the unwritten part, so the
    /// load's figures must end there, not at ``summary``'s stop. The logs are removed afterwards; one that
    /// cannot be read is reported in `problems`.
    public func transactions() -> (transactions: [LoadTransaction], lastLaunchEndNs: Int64?, problems: [String]) {
        let (anchor, launches) = state.withLock { ($0.anchor, $0.launches) }
        guard let anchor else { return ([], nil, []) }
        let names = ((try? FileManager.default.contentsOfDirectory(atPath: directory.path)) ?? []).filter { $0.hasPrefix("load-") }.sorted()
        let lastPrefix = String(format: "load-%04d.", launches)
        var all: [LoadTransaction] = []
        var lastLaunchEnd: Int64?
        var problems: [String] = []
        for name in names {
            let path = directory.appendingPathComponent(name).path
            let parsed: [PgbenchTransaction]
            do { parsed = try PgbenchLog.parse(try String(contentsOfFile: path, encoding: .utf8)) } catch {
                problems.append("pgbench log \(name): \(error)")
                continue
            }
            let converted = parsed.map {
                LoadTransaction(completedNs: anchor.monotonicNs + ($0.completedUs - anchor.wallUs) * 1000,
                                latencyNs: $0.latencyUs.map { $0 * 1000 }, failed: $0.failed)
            }
            // Each thread's file of the last launch may have lost a different tail: the load ends where the
            // first of them does.
            if name.hasPrefix(lastPrefix), let end = converted.map(\.completedNs).max() {
                lastLaunchEnd = min(lastLaunchEnd ?? end, end)
            }
            all += converted
            try? FileManager.default.removeItem(atPath: path)
        }
        return (all.sorted { $0.completedNs < $1.completedNs }, lastLaunchEnd, problems)
    }

    /// When the load started and stopped on the run's clock, how many times pgbench was launched, how many
    /// clients it aborted, and its last complaint.
    public var summary: (startedNs: Int64?, stoppedNs: Int64?, launches: Int, abortedClients: Int, lastError: String?) {
        state.withLock { ($0.startedNs, $0.stoppedNs, $0.launches, $0.abortedClients, $0.lastError) }
    }

    /// Drops pgbench's tables again.
    public func dropTables() -> Result<Void, BenchError> {
        guard case .success(let conninfo) = connections.pgbenchConninfo(for: .direct) else { return .success(()) }
        if spec.mode == .insert, case .success(let libpq) = connections.libpqConninfo(for: .direct),
           let connection = try? PostgresConnection.connect(dsn: libpq, timeoutNs: 10_000_000_000) {
            _ = try? connection.execute("DROP TABLE IF EXISTS chaos_bench_insert")
        }
        return pgbench.dropTables(conninfo: conninfo, password: connections.password)
    }
}

/// One load transaction on the run's clock.
public struct LoadTransaction: Sendable, Hashable {
    /// When it completed, run-clock ns.
    public var completedNs: Int64
    /// Its latency, ns; nil when it failed.
    public var latencyNs: Int64?
    /// Whether it failed.
    public var failed: Bool
}
