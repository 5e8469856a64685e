// One mode's results table, shared by summary.md and report.html: a row per (clients, target).

/// The rows of one mode's results table, as plain text.
struct BenchResultsTable {
    /// The column titles.
    static let header = ["clients", "target", "median TPS (min–max)", "p50 ms", "p95 ms", "p99 ms", "failed", "vs single", "repetitions"]
    /// The columns holding numbers (right-aligned).
    static let numericColumns: Set<Int> = [0, 2, 3, 4, 5, 6, 7, 8]

    /// The data rows, clients ascending, then target.
    let rows: [[String]]
    /// The groups of this mode in which every repetition errored.
    let unmeasured: [BenchAggregate.Key]

    /// The table of `mode`.
    init(_ aggregate: BenchAggregate, mode: BenchMode) {
        rows = aggregate.groups(mode: mode).map { group in
            let versus = group.target == .single ? "baseline" : BenchFormat.ratio(group.overhead(against: .single))
            let repetitions = group.errored == 0 ? String(group.repetitions) : "\(group.repetitions) (+\(group.errored) errored)"
            return [
                String(group.clients), group.target.rawValue, BenchFormat.tpsSpread(group), BenchFormat.ms(group.latencyMs.p50),
                BenchFormat.ms(group.latencyMs.p95), BenchFormat.ms(group.latencyMs.p99), String(group.failed), versus, repetitions,
            ]
        }
        unmeasured = aggregate.unmeasured.filter { $0.mode == mode }
    }

    /// The sentence naming the groups without any measurement; nil when there are none.
    var unmeasuredSentence: String? {
        guard !unmeasured.isEmpty else { return nil }
        return "No repetition produced a measurement for: " + unmeasured.map(\.label).joined(separator: ", ") + " (see the errored cells)."
    }
}

extension BenchAggregate {
    /// Every mode with a measured or an unmeasured group, in the definition's order (others after).
    func reportedModes(in definition: BenchDefinition) -> [BenchMode] {
        let present = Set(groups.map(\.mode) + unmeasured.map(\.mode))
        var modes: [BenchMode] = []
        for mode in definition.modes + BenchMode.allCases where present.contains(mode) && !modes.contains(mode) { modes.append(mode) }
        return modes
    }
}
