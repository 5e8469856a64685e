// The label–value facts summary.md and report.html both show: when, the machine, and the definition as run.

/// A bench's facts as (label, plain text) rows; each renderer escapes them its own way.
enum BenchFacts {
    /// The bench id, start and end.
    static func run(_ record: BenchRecord) -> [(label: String, value: String)] {
        var rows: [(label: String, value: String)] = [
            ("Bench", record.benchID),
            ("Definition", record.definition.name),
            ("Started (UTC)", record.startedAt),
            ("Finished (UTC)", record.finishedAt ?? "did not finish"),
        ]
        let planned = record.definition.cells.count
        let errored = record.cells.filter { $0.measurement == nil }.count
        rows.append(("Cells", "\(record.cells.count) of \(planned) planned ran, \(errored) without a measurement"))
        return rows
    }

    /// The machine pgbench ran on.
    static func machine(_ environment: BenchEnvironment) -> [(label: String, value: String)] {
        [
            ("CPU cores", String(environment.cores)),
            ("Load average at start (1, 5, 15 min)", BenchFormat.loads(environment.loadAverageAtStart)),
            ("Load average at end", BenchFormat.loads(environment.loadAverageAtEnd)),
            ("Memory", BenchFormat.memory(environment.memoryBytes)),
            ("pgbench", environment.pgbenchVersion),
            ("PostgreSQL server", environment.serverVersion),
            ("Kernel", environment.kernel),
            ("Platform", environment.platform),
            ("chaos", environment.chaosVersion),
        ]
    }

    /// The definition as run.
    static func definition(_ definition: BenchDefinition, cores: Int) -> [(label: String, value: String)] {
        let cluster = definition.cluster
        let threads = definition.threads.map { "min(clients, \($0))" } ?? "min(clients, \(max(cores, 1))) (one per CPU at most)"
        return [
            ("Title", definition.title),
            ("Targets", definition.targets.map(\.rawValue).joined(separator: ", ")),
            ("Modes", definition.modes.map(\.rawValue).joined(separator: ", ")),
            ("Clients", definition.clients.map(String.init).joined(separator: ", ")),
            ("Measured per cell", "\(definition.durationSeconds) s, after \(definition.warmupSeconds) s of warm-up"),
            ("Repetitions", "\(definition.repetitions), interleaved (each target once per mode and client count, then the next repetition)"),
            ("Scale", "\(definition.scale) (\(definition.scale * 100_000) pgbench_accounts rows)"),
            ("pgbench threads (-j)", threads),
            ("Cluster", cluster.summary + (cluster.failsafe ? "" : ", failsafe off")),
        ]
    }

    /// The sentence shown when Ctrl-C stopped the bench; nil when it ran to the end.
    static func interruption(_ record: BenchRecord) -> String? {
        guard record.interrupted else { return nil }
        return "The bench was interrupted (Ctrl-C) after \(record.cells.count) of \(record.definition.cells.count) planned cells: "
            + "the figures cover only the cells that ran, so some groups have fewer repetitions than planned and some none."
    }

    /// How the table figures were computed.
    static let method =
        "Each figure is over the repetitions that produced a measurement: TPS is their median, with the lowest and highest "
        + "repetition in brackets; each latency percentile is the median of the repetitions' percentiles. “vs single” is the "
        + "target's median TPS divided by the single node's at the same mode and client count (below 1.00× is slower)."
}
