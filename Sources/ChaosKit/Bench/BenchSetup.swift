// Before the cells: pgbench's tables (and the insert mode's table) on the cluster and on the baseline;
// after them: dropping those tables again, unless the definition keeps them.

import Foundation

/// Creates and drops the benchmark's tables on each system it measures.
struct BenchSetup {
    let pgbench: Pgbench
    let connections: BenchConnections
    let definition: BenchDefinition
    let progress: LabProgress
    let cancelled: @Sendable () -> Bool
    /// What was done, for bench.json.
    private(set) var notes: [String] = []
    /// The systems (by the target that writes them) an initialization was started on: their tables are
    /// dropped afterwards even when it failed half-way.
    private(set) var attempted: [BenchTarget] = []

    init(pgbench: Pgbench, connections: BenchConnections, definition: BenchDefinition, progress: @escaping LabProgress,
         cancelled: @escaping @Sendable () -> Bool) {
        self.pgbench = pgbench
        self.connections = connections
        self.definition = definition
        self.progress = progress
        self.cancelled = cancelled
    }

    /// The systems measured: the cluster (written through `direct`) and the baseline (`single`), each with the
    /// targets that read it.
    private var systems: [(writeTarget: BenchTarget, targets: [BenchTarget])] {
        var systems: [(BenchTarget, [BenchTarget])] = []
        if definition.targets.contains(.single) { systems.append((.single, [.single])) }
        let clusterTargets = definition.targets.filter { $0 != .single }
        if !clusterTargets.isEmpty { systems.append((.direct, clusterTargets)) }
        return systems
    }

    /// Initializes each system; returns the targets that cannot run and why.
    mutating func initialize(skipping unavailable: Set<BenchTarget>) -> [([BenchTarget], String)] {
        var problems: [([BenchTarget], String)] = []
        for system in systems where !unavailable.contains(system.writeTarget) {
            if cancelled() { break }
            attempted.append(system.writeTarget)
            progress("initializing pgbench tables on \(system.writeTarget == .single ? "the baseline" : "the cluster") (scale \(definition.scale))")
            switch prepare(system.writeTarget) {
            case .success: notes.append("pgbench -i -s \(definition.scale) on \(system.writeTarget == .single ? "the baseline" : "the cluster's primary")")
            case .failure(let error): problems.append((system.targets, error.description))
            }
        }
        if definition.targets.contains(.replica), attempted.contains(.direct), !problems.contains(where: { $0.0.contains(.replica) }) {
            if case .failure(let error) = waitForReplicas() { problems.append(([.replica], error.description)) }
        }
        return problems
    }

    private func prepare(_ target: BenchTarget) -> Result<Void, BenchError> {
        guard case .success(let conninfo) = connections.pgbenchConninfo(for: target) else {
            return .failure(connections.pgbenchConninfo(for: target).failureValue ?? BenchError("no connection"))
        }
        if case .failure(let error) = pgbench.initialize(conninfo: conninfo, password: connections.password, scale: definition.scale,
                                                         cancelled: cancelled) {
            return .failure(error)
        }
        guard definition.modes.contains(.insert) else { return .success(()) }
        return execute(Pgbench.insertTableDDL, on: target)
    }

    /// Waits (up to 60 s) until a replica answers for pgbench's tables: `pgbench -i` ran on the primary.
    private func waitForReplicas() -> Result<Void, BenchError> {
        let deadline = ContinuousClock.now + .seconds(60)
        var last = ""
        while ContinuousClock.now < deadline, !cancelled() {
            switch execute("SELECT 1 FROM pgbench_branches LIMIT 1", on: .replica) {
            case .success: return .success(())
            case .failure(let error): last = error.message
            }
            usleep(500_000)
        }
        return .failure(BenchError("no replica served pgbench's tables within 60 s: \(last)", hint: "check replication with `chaos lab status`"))
    }

    private func execute(_ sql: String, on target: BenchTarget) -> Result<Void, BenchError> {
        guard case .success(let conninfo) = connections.libpqConninfo(for: target) else {
            return .failure(BenchError("no connection to \(target.rawValue)"))
        }
        do {
            let connection = try PostgresConnection.connect(dsn: conninfo, timeoutNs: 10_000_000_000)
            _ = try connection.execute(sql)
            return .success(())
        } catch {
            return .failure(BenchError("\(target.rawValue): \(error)"))
        }
    }

    /// PgPool-II's `num_init_children` (`SHOW pool_status`), or nil when it cannot be read.
    static func pgpoolChildren(_ connections: BenchConnections) -> Int? {
        guard case .success(let conninfo) = connections.libpqConninfo(for: .pgpool),
              let connection = try? PostgresConnection.connect(dsn: conninfo, timeoutNs: 5_000_000_000),
              let status = try? connection.execute("SHOW pool_status"),
              let item = status.columns.firstIndex(of: "item"), let value = status.columns.firstIndex(of: "value") else { return nil }
        return status.rows.first { $0[item] == "num_init_children" }.flatMap { $0[value] }.flatMap { Int($0) }
    }

    /// Drops the tables on each system an initialization was attempted on; returns notes of what was done or failed.
    func dropTables() -> [String] {
        var notes: [String] = []
        for system in systems where attempted.contains(system.writeTarget) {
            guard case .success(let conninfo) = connections.pgbenchConninfo(for: system.writeTarget) else { continue }
            let name = system.writeTarget == .single ? "the baseline" : "the cluster"
            switch pgbench.dropTables(conninfo: conninfo, password: connections.password) {
            case .success: notes.append("pgbench's tables dropped on \(name)")
            case .failure(let error): notes.append("could not drop pgbench's tables on \(name): \(error)")
            }
            if definition.modes.contains(.insert), case .failure(let error) = execute("DROP TABLE IF EXISTS chaos_bench_insert", on: system.writeTarget) {
                notes.append("could not drop chaos_bench_insert on \(name): \(error)")
            }
        }
        return notes
    }
}

extension Result {
    /// The error, when this is a failure.
    var failureValue: Failure? {
        if case .failure(let error) = self { return error }
        return nil
    }
}
