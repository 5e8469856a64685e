// A bench's results per (target, mode, clients): medians over the repetitions, their spread, failures, and the
// ratio to the single-node baseline.

/// A record's cells grouped by target, mode and client count, summarised over their repetitions.
public struct BenchAggregate: Sendable, Hashable {
    /// What identifies a group: one target, mode and client count, all repetitions together.
    public struct Key: Sendable, Hashable {
        /// Where the clients connected.
        public var target: BenchTarget
        /// What they ran.
        public var mode: BenchMode
        /// How many clients.
        public var clients: Int

        /// Creates a key.
        public init(target: BenchTarget, mode: BenchMode, clients: Int) {
            self.target = target
            self.mode = mode
            self.clients = clients
        }

        /// The key of a cell (its repetition left out).
        public init(_ cell: BenchCell) {
            self.init(target: cell.target, mode: cell.mode, clients: cell.clients)
        }

        /// `direct tpcb-like c=4`.
        public var label: String { "\(target.rawValue) \(mode.rawValue) c=\(clients)" }
    }

    /// One group's figures over the repetitions that produced a measurement.
    public struct Group: Sendable, Hashable {
        /// The target, mode and client count.
        public var key: Key
        /// Repetitions with a measurement.
        public var repetitions: Int
        /// Repetitions without one (pgbench failed, or the cell was stopped).
        public var errored: Int
        /// The median of the repetitions' TPS (an even count: the mean of the two middle values).
        public var medianTps: Double
        /// The lowest repetition TPS.
        public var minTps: Double
        /// The highest repetition TPS.
        public var maxTps: Double
        /// Each percentile's median over the repetitions, in milliseconds.
        public var latencyMs: LatencyPercentiles
        /// Failed transactions, summed over the repetitions.
        public var failed: Int
        /// The median TPS of every target measured at the same mode and client count (this one included).
        public var peerMedianTps: [BenchTarget: Double]

        /// This group's median TPS divided by `baseline`'s at the same mode and client count: 1 when equal,
        /// below 1 when slower; nil when the baseline was not measured there (or measured 0).
        public func overhead(against baseline: BenchTarget = .single) -> Double? {
            guard let reference = peerMedianTps[baseline], reference > 0 else { return nil }
            return medianTps / reference
        }

        /// The target.
        public var target: BenchTarget { key.target }
        /// The mode.
        public var mode: BenchMode { key.mode }
        /// The client count.
        public var clients: Int { key.clients }
    }

    /// Every group with at least one measurement: by mode (definition order), clients ascending, then target
    /// (definition order).
    public var groups: [Group]
    /// Groups whose every repetition errored, in the same order.
    public var unmeasured: [Key]

    /// Groups the cells of `record`.
    public init(_ record: BenchRecord) {
        var order: [Key] = []
        var known: Set<Key> = []
        var measurements: [Key: [BenchMeasurement]] = [:]
        var errors: [Key: Int] = [:]
        for result in record.cells {
            let key = Key(result.cell)
            if known.insert(key).inserted { order.append(key) }
            if let measurement = result.measurement {
                measurements[key, default: []].append(measurement)
            } else {
                errors[key, default: 0] += 1
            }
        }
        var groups: [Group] = []
        var unmeasured: [Key] = []
        for key in Self.ordered(order, modes: record.definition.modes, targets: record.definition.targets) {
            guard let measured = measurements[key], !measured.isEmpty else {
                unmeasured.append(key)
                continue
            }
            let tps = measured.map(\.tps)
            let latency = LatencyPercentiles(
                p50: Self.median(measured.map(\.latencyMs.p50)), p95: Self.median(measured.map(\.latencyMs.p95)),
                p99: Self.median(measured.map(\.latencyMs.p99)), max: Self.median(measured.map(\.latencyMs.max)))
            groups.append(
                Group(
                    key: key, repetitions: measured.count, errored: errors[key] ?? 0, medianTps: Self.median(tps),
                    minTps: tps.min() ?? 0, maxTps: tps.max() ?? 0, latencyMs: latency,
                    failed: measured.reduce(0) { $0 + $1.failed }, peerMedianTps: [:]))
        }
        var medians: [Key: Double] = [:]
        for group in groups { medians[group.key] = group.medianTps }
        for index in groups.indices {
            let key = groups[index].key
            var peers: [BenchTarget: Double] = [:]
            for target in BenchTarget.allCases {
                if let median = medians[Key(target: target, mode: key.mode, clients: key.clients)] { peers[target] = median }
            }
            groups[index].peerMedianTps = peers
        }
        self.groups = groups
        self.unmeasured = unmeasured
    }

    /// The group of a key, when it was measured.
    public func group(_ key: Key) -> Group? {
        groups.first { $0.key == key }
    }

    /// The groups of one mode, clients ascending, then target.
    public func groups(mode: BenchMode) -> [Group] {
        groups.filter { $0.mode == mode }
    }

    /// The modes with at least one measured group, in group order.
    public var modes: [BenchMode] {
        var modes: [BenchMode] = []
        for group in groups where !modes.contains(group.mode) { modes.append(group.mode) }
        return modes
    }

    /// The ratio of a group's median TPS to `baseline`'s at the same mode and client count (see `Group.overhead`).
    public func overhead(of key: Key, against baseline: BenchTarget = .single) -> Double? {
        group(key)?.overhead(against: baseline)
    }

    /// The median of `values` (an even count: the mean of the two middle values); 0 when empty.
    static func median(_ values: [Double]) -> Double {
        let sorted = values.sorted()
        guard !sorted.isEmpty else { return 0 }
        let middle = sorted.count / 2
        return sorted.count % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2
    }

    /// Keys by mode (in `modes` order, others after), clients ascending, then target (in `targets` order, others after).
    static func ordered(_ keys: [Key], modes: [BenchMode], targets: [BenchTarget]) -> [Key] {
        func modeRank(_ mode: BenchMode) -> Int {
            modes.firstIndex(of: mode) ?? modes.count + (BenchMode.allCases.firstIndex(of: mode) ?? 0)
        }
        func targetRank(_ target: BenchTarget) -> Int {
            targets.firstIndex(of: target) ?? targets.count + (BenchTarget.allCases.firstIndex(of: target) ?? 0)
        }
        return keys.sorted {
            (modeRank($0.mode), $0.clients, targetRank($0.target)) < (modeRank($1.mode), $1.clients, targetRank($1.target))
        }
    }
}
