// Runs a benchmark: checks the cluster, starts the baseline if asked, initializes pgbench's tables, runs
// every cell in interleaved order, and cleans up — writing bench.json after every cell, so a Ctrl-C or a
// crash keeps what finished.

public import Foundation

/// Runs one benchmark definition against a platform's cluster.
public struct BenchRunner: Sendable {
    /// The cluster.
    public var platform: any ClusterPlatform
    /// Where the bench folder is created.
    public var runsDirectory: URL
    /// Keep pgbench's raw per-transaction logs in the bench folder (they are large; off by default).
    public var keepLogs = false
    /// Progress lines for the terminal.
    public var progress: LabProgress
    /// Says when the user asked to stop (Ctrl-C).
    public var cancelled: @Sendable () -> Bool

    /// Creates a runner.
    public init(platform: any ClusterPlatform, runsDirectory: URL, progress: @escaping LabProgress,
                cancelled: @escaping @Sendable () -> Bool) {
        self.platform = platform
        self.runsDirectory = runsDirectory
        self.progress = progress
        self.cancelled = cancelled
    }

    /// Runs the benchmark and returns its folder and record.
    ///
    /// - Throws: ``BenchError`` when nothing could run (the cluster unhealthy, the folder not writable).
    public func run(_ definition: BenchDefinition) throws(BenchError) -> (BenchDirectory, BenchRecord) {
        let lock: RunLock
        do { lock = try RunLock.acquire(stateDirectory: platform.stateDirectory, holder: "bench \(definition.name)") } catch {
            throw BenchError(error.message, hint: error.hint)
        }
        defer { lock.release() }
        do { try platform.prepare(for: definition.cluster, progress: progress) } catch {
            throw BenchError("the cluster cannot be prepared: \(error.message)", hint: error.hint)
        }
        do { try platform.waitUntilHealthy(timeout: .seconds(120), progress: progress) } catch {
            throw BenchError("the cluster is not healthy: \(error.message)", hint: error.hint)
        }
        let inventory: Inventory
        let credentials: ClusterCredentials
        do {
            inventory = try platform.currentInventory()
            credentials = try platform.currentCredentials()
        } catch { throw BenchError(error.message, hint: error.hint) }
        let started = Date()
        let directory: BenchDirectory
        do { directory = try BenchDirectory.create(under: runsDirectory, name: definition.name, startedAt: started) } catch {
            throw BenchError("cannot create the bench folder under \(runsDirectory.path): \(error)", hint: "check --runs-directory")
        }
        let pgbench = Pgbench.locate(runner: platform.runner)
        let clock = ContinuousClock.now
        var connections = BenchConnections(endpoints: RunEndpoints(inventory: inventory, credentials: credentials), baseline: nil)
        var record = BenchRecord(
            benchID: directory.benchID, definition: definition,
            environment: BenchEnvironment.current(pgbench: try? pgbench.get(), connections: connections, platform: platform.kind.rawValue),
            startedAt: BenchDirectory.timestamp(started))
        var startedBaseline = false
        let baselineProvider = platform as? any BaselineProviding
        var unavailable: [BenchTarget: String] = [:]
        if case .failure(let error) = pgbench {
            for target in BenchTarget.allCases { unavailable[target] = error.description }
        }
        if cancelled() { record.interrupted = true }
        if definition.targets.contains(.single), unavailable[.single] == nil, !record.interrupted {
            if let baselineProvider {
                do {
                    startedBaseline = try baselineProvider.startBaseline(progress: progress)
                    connections.baseline = baselineProvider.baselineAddress
                    record.notes.append(startedBaseline ? "baseline PostgreSQL started for this bench at \(baselineProvider.baselineAddress)"
                                                        : "baseline PostgreSQL already running at \(baselineProvider.baselineAddress); left running")
                } catch {
                    unavailable[.single] = "the baseline did not start: \(error.message)"
                }
            } else {
                unavailable[.single] = BenchError("the \(platform.kind.rawValue) platform has no standalone baseline server").description
            }
        }
        var setup: BenchSetup?
        // Whatever happens from here on — an error writing the folder included — the tables go (on every system
        // an initialization was attempted on, finished or not) and a baseline this bench started stops.
        var cleanedUp = false
        func cleanUp() -> [String] {
            guard !cleanedUp else { return [] }
            cleanedUp = true
            var notes: [String] = []
            if definition.keep {
                notes.append("keep: pgbench's tables were left in place")
            } else if let setup {
                notes += setup.dropTables()
            }
            if startedBaseline, !definition.keep { baselineProvider?.stopBaseline() }
            return notes
        }
        defer { _ = cleanUp() }
        if case .success(let tool) = pgbench, !record.interrupted {
            var initializing = BenchSetup(pgbench: tool, connections: connections, definition: definition, progress: progress, cancelled: cancelled)
            let problems = initializing.initialize(skipping: Set(unavailable.keys))
            setup = initializing
            for (targets, problem) in problems {
                for target in targets where unavailable[target] == nil { unavailable[target] = problem }
            }
            record.notes += initializing.notes
        }
        if cancelled() { record.interrupted = true }
        try save(record, to: directory)

        let pgpoolChildren = definition.targets.contains(.pgpool) ? BenchSetup.pgpoolChildren(connections) : nil
        let cells = definition.cells
        for (index, cell) in cells.enumerated() where !record.interrupted {
            if cancelled() { record.interrupted = true; break }
            progress("[\(index + 1)/\(cells.count)] \(cell.label)")
            let offset = (ContinuousClock.now - clock).timeInterval
            var result: BenchCellResult
            if let problem = unavailable[cell.target] ?? pgpoolLimit(cell, children: pgpoolChildren) {
                result = BenchCellResult(cell: cell, measurement: nil, error: problem, pgbenchReportedTps: nil, command: [],
                                         startedAtSeconds: offset, elapsedSeconds: 0)
            } else if case .success(let tool) = pgbench {
                let cellRunner = BenchCellRunner(pgbench: tool, connections: connections, definition: definition, directory: directory,
                                                 keepLogs: keepLogs, cancelled: cancelled)
                result = cellRunner.run(cell, index: index + 1, offsetSeconds: offset)
            } else { continue }
            if cancelled(), result.measurement == nil { record.interrupted = true; break }
            if let measurement = result.measurement {
                progress(String(format: "    %.1f tps, p50 %.2f ms, p99 %.2f ms, %d failed", measurement.tps, measurement.latencyMs.p50,
                                measurement.latencyMs.p99, measurement.failed))
            } else if let error = result.error {
                progress("    error: \(error)")
            }
            record.cells.append(result)
            try save(record, to: directory)
        }
        record.notes += cleanUp()
        record.environment.loadAverageAtEnd = BenchEnvironment.loadAverage()
        record.finishedAt = BenchDirectory.timestamp(Date())
        try save(record, to: directory)
        do { try directory.writeReports(record) } catch {
            throw BenchError("could not write the reports in \(directory.url.path): \(error)")
        }
        return (directory, record)
    }

    /// Why a cell through PgPool-II cannot run: more clients than PgPool-II has children. pgbench connects every
    /// client before it starts, and a client without a free child waits for one until the cell times out.
    private func pgpoolLimit(_ cell: BenchCell, children: Int?) -> String? {
        guard cell.target == .pgpool, let children, cell.clients > children else { return nil }
        return "PgPool-II serves at most \(children) clients at once (num_init_children) and this cell has \(cell.clients): "
            + "pgbench would wait for a free child until it timed out; use at most \(children) clients through pgpool, or raise num_init_children"
    }

    private func save(_ record: BenchRecord, to directory: BenchDirectory) throws(BenchError) {
        do { try directory.write(record) } catch { throw BenchError("could not write \(directory.url.path)/bench.json: \(error)") }
    }
}
