// What the `during:` probes saw: every evaluation, and per probe how often and when it failed.

/// One evaluation of a `during:` probe.
public struct ProbeEvaluation: Sendable, Hashable, Codable {
    /// The probe step's name.
    public var probe: String
    /// Its kind (`promql`, `patroni`, …).
    public var kind: String
    /// When the evaluation began (ns since the run's start).
    public var startNs: Int64
    /// When it ended.
    public var endNs: Int64
    /// Whether the probe's tolerance held.
    public var held: Bool
    /// What it saw, in words.
    public var detail: String

    /// The CSV header of during.csv.
    public static let csvHeader = "probe,kind,start_ns,end_ns,held,detail"

    /// One line of during.csv (RFC 4180 quoting).
    public var csvLine: String {
        [probe, kind, String(startNs), String(endNs), held ? "true" : "false", detail].map(CSVTable.field).joined(separator: ",")
    }
}

/// One `during:` probe over the run.
public struct ContinuousProbeSummary: Sendable, Hashable, Codable {
    /// The probe step's name.
    public var name: String
    /// Its kind.
    public var kind: String
    /// How many times it was evaluated.
    public var evaluations: Int
    /// How many of those failed.
    public var failures: Int
    /// Runs of consecutive failures: first failed evaluation's start to the last one's end.
    public var failedWindows: [TimeWindow]
    /// Up to three distinct details of failed evaluations, in order.
    public var examples: [String]
}

/// The `during:` section's verdict.
public struct ContinuousProbeResults: Sendable, Hashable, Codable {
    /// Time between the starts of two rounds.
    public var intervalNs: Int64
    /// Per probe, in the scenario's order.
    public var probes: [ContinuousProbeSummary]

    /// Failed evaluations of every probe (the `during.failures` metric).
    public var failures: Int { probes.reduce(0) { $0 + $1.failures } }

    /// Summarizes the evaluations of the probes named in `probes` (name, kind), in that order.
    public static func evaluate(_ evaluations: [ProbeEvaluation], probes: [(name: String, kind: String)], intervalNs: Int64) -> ContinuousProbeResults {
        let byProbe = Dictionary(grouping: evaluations, by: \.probe)
        let summaries = probes.map { probe -> ContinuousProbeSummary in
            let own = (byProbe[probe.name] ?? []).sorted { $0.startNs < $1.startNs }
            var windows: [TimeWindow] = []
            var open: TimeWindow?
            var examples: [String] = []
            for evaluation in own {
                if evaluation.held {
                    if let window = open { windows.append(window) }
                    open = nil
                    continue
                }
                open = TimeWindow(startNs: open?.startNs ?? evaluation.startNs, endNs: evaluation.endNs)
                if examples.count < 3, !examples.contains(evaluation.detail) { examples.append(evaluation.detail) }
            }
            if let window = open { windows.append(window) }
            return ContinuousProbeSummary(
                name: probe.name, kind: probe.kind, evaluations: own.count, failures: own.filter { !$0.held }.count, failedWindows: windows,
                examples: examples)
        }
        return ContinuousProbeResults(intervalNs: intervalNs, probes: summaries)
    }
}
