// Two benches side by side: for each (target, mode, clients) group measured in both, the candidate's median TPS
// and p99 latency against the baseline's; the groups measured in only one; what differed between the two runs.

/// A candidate bench (B) compared with a baseline bench (A).
public struct BenchComparison: Sendable, Hashable {
    /// One group measured in both benches.
    public struct Row: Sendable, Hashable {
        /// The target, mode and client count.
        public var key: BenchAggregate.Key
        /// The baseline's median TPS.
        public var baselineTps: Double
        /// The candidate's median TPS.
        public var candidateTps: Double
        /// The baseline's median p99 latency, ms.
        public var baselineP99Ms: Double
        /// The candidate's median p99 latency, ms.
        public var candidateP99Ms: Double

        /// Creates a row.
        public init(key: BenchAggregate.Key, baselineTps: Double, candidateTps: Double, baselineP99Ms: Double, candidateP99Ms: Double) {
            self.key = key
            self.baselineTps = baselineTps
            self.candidateTps = candidateTps
            self.baselineP99Ms = baselineP99Ms
            self.candidateP99Ms = candidateP99Ms
        }

        /// B's median TPS ÷ A's (above 1: B is faster); nil when A measured 0.
        public var tpsRatio: Double? { baselineTps > 0 ? candidateTps / baselineTps : nil }
        /// B's p99 ÷ A's (above 1: B's tail latency is higher); nil when A's is 0.
        public var p99Ratio: Double? { baselineP99Ms > 0 ? candidateP99Ms / baselineP99Ms : nil }
    }

    /// The baseline's bench id.
    public var baselineID: String
    /// The candidate's bench id.
    public var candidateID: String
    /// The groups measured in both, by mode, clients ascending, then target.
    public var rows: [Row]
    /// Groups measured only in the baseline.
    public var onlyInBaseline: [BenchAggregate.Key]
    /// Groups measured only in the candidate.
    public var onlyInCandidate: [BenchAggregate.Key]
    /// What differed between the two runs' settings or machines (`scale: 10 → 50`), which makes them less comparable.
    public var differences: [String]

    /// Compares `candidate` (B) with `baseline` (A).
    public init(baseline: BenchRecord, candidate: BenchRecord) {
        let a = BenchAggregate(baseline)
        let b = BenchAggregate(candidate)
        var groupsA: [BenchAggregate.Key: BenchAggregate.Group] = [:]
        for group in a.groups { groupsA[group.key] = group }
        var groupsB: [BenchAggregate.Key: BenchAggregate.Group] = [:]
        for group in b.groups { groupsB[group.key] = group }
        let modes = baseline.definition.modes + candidate.definition.modes
        let targets = baseline.definition.targets + candidate.definition.targets
        let keys = BenchAggregate.ordered(Array(Set(groupsA.keys).union(groupsB.keys)), modes: modes, targets: targets)
        var rows: [Row] = []
        var onlyA: [BenchAggregate.Key] = []
        var onlyB: [BenchAggregate.Key] = []
        for key in keys {
            switch (groupsA[key], groupsB[key]) {
            case let (groupA?, groupB?):
                rows.append(
                    Row(key: key, baselineTps: groupA.medianTps, candidateTps: groupB.medianTps, baselineP99Ms: groupA.latencyMs.p99,
                        candidateP99Ms: groupB.latencyMs.p99))
            case (_?, nil): onlyA.append(key)
            case (nil, _?): onlyB.append(key)
            case (nil, nil): break
            }
        }
        self.baselineID = baseline.benchID
        self.candidateID = candidate.benchID
        self.rows = rows
        self.onlyInBaseline = onlyA
        self.onlyInCandidate = onlyB
        self.differences = Self.settingDifferences(baseline, candidate)
    }

    /// The comparison as Markdown: a table of the common groups, then the groups in only one bench.
    public var markdown: String {
        var out = ["# Bench comparison", "", "- A (baseline): `\(baselineID)`", "- B (candidate): `\(candidateID)`", "", Self.reading, ""]
        if !differences.isEmpty {
            out += ["Not like for like — these differ between A and B:", ""] + differences.map { "- " + BenchFormat.md($0) } + [""]
        }
        if rows.isEmpty {
            out += ["No group was measured in both benches.", ""]
        } else {
            out.append("| " + Self.header.joined(separator: " | ") + " |")
            out.append("|---|---|" + String(repeating: "---:|", count: Self.header.count - 2))
            out += tableRows.map { "| " + $0.joined(separator: " | ") + " |" }
            out.append("")
        }
        if !onlyInBaseline.isEmpty { out += ["Only in A: " + onlyInBaseline.map { "`\($0.label)`" }.joined(separator: ", "), ""] }
        if !onlyInCandidate.isEmpty { out += ["Only in B: " + onlyInCandidate.map { "`\($0.label)`" }.joined(separator: ", "), ""] }
        return out.joined(separator: "\n")
    }

    /// The comparison as plain text for the terminal: aligned columns.
    public var text: String {
        var out = ["A (baseline): \(baselineID)", "B (candidate): \(candidateID)", Self.reading]
        if !differences.isEmpty { out.append("Not like for like: " + differences.joined(separator: "; ")) }
        out.append("")
        if rows.isEmpty {
            out.append("No group was measured in both benches.")
        } else {
            out += BenchFormat.columns([Self.header] + tableRows, rightAligned: Set(2..<Self.header.count))
        }
        if !onlyInBaseline.isEmpty { out.append("Only in A: " + onlyInBaseline.map(\.label).joined(separator: ", ")) }
        if !onlyInCandidate.isEmpty { out.append("Only in B: " + onlyInCandidate.map(\.label).joined(separator: ", ")) }
        return out.joined(separator: "\n") + "\n"
    }

    // MARK: helpers

    private static let header = ["target", "mode", "clients", "TPS A", "TPS B", "TPS B/A", "p99 A ms", "p99 B ms", "p99 B/A"]

    private static let reading =
        "Medians over each bench's repetitions. TPS B/A above 1.00× means B completed more transactions per second; "
        + "p99 B/A above 1.00× means B's 99th-percentile latency was higher."

    private var tableRows: [[String]] {
        rows.map { row in
            [
                row.key.target.rawValue, row.key.mode.rawValue, String(row.key.clients), BenchFormat.tps(row.baselineTps),
                BenchFormat.tps(row.candidateTps), BenchFormat.ratio(row.tpsRatio), BenchFormat.ms(row.baselineP99Ms),
                BenchFormat.ms(row.candidateP99Ms), BenchFormat.ratio(row.p99Ratio),
            ]
        }
    }

    /// The settings and machine facts that differ, as `name: A → B`.
    private static func settingDifferences(_ a: BenchRecord, _ b: BenchRecord) -> [String] {
        let (definitionA, definitionB) = (a.definition, b.definition)
        let (environmentA, environmentB) = (a.environment, b.environment)
        let facts: [(String, String, String)] = [
            ("measured seconds per cell", String(definitionA.durationSeconds), String(definitionB.durationSeconds)),
            ("warm-up seconds", String(definitionA.warmupSeconds), String(definitionB.warmupSeconds)),
            ("repetitions", String(definitionA.repetitions), String(definitionB.repetitions)),
            ("scale", String(definitionA.scale), String(definitionB.scale)),
            ("pgbench threads", definitionA.threads.map(String.init) ?? "auto", definitionB.threads.map(String.init) ?? "auto"),
            ("replication", definitionA.cluster.replication.rawValue, definitionB.cluster.replication.rawValue),
            ("cluster settings", definitionA.cluster.summary, definitionB.cluster.summary),
            ("CPU cores", String(environmentA.cores), String(environmentB.cores)),
            ("memory", BenchFormat.memory(environmentA.memoryBytes), BenchFormat.memory(environmentB.memoryBytes)),
            ("PostgreSQL server", environmentA.serverVersion, environmentB.serverVersion),
            ("pgbench", environmentA.pgbenchVersion, environmentB.pgbenchVersion),
            ("kernel", environmentA.kernel, environmentB.kernel),
            ("platform", environmentA.platform, environmentB.platform),
        ]
        var out = facts.filter { $0.1 != $0.2 }.map { "\($0.0): \($0.1) → \($0.2)" }
        if a.interrupted { out.append("A was interrupted") }
        if b.interrupted { out.append("B was interrupted") }
        return out
    }
}
