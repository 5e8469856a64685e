// One run's measurement: the writers and the observer on one clock, fault marks, and the history they leave.

/// Runs the writers (one thread per path) and the cluster observer of one run on one monotonic clock.
///
/// Typical use by the engine: `start()` → warm-up → `markFault()` → faults/heal (`markHeal()`) → cooldown →
/// `stop()` → `history(...)` (reads rows back; blocking) → ``MeasurementResults/evaluate(_:)``.
/// All methods block briefly at most, except `start()` and `history(...)`, which talk to the cluster:
/// call those from a thread that may block, not from the cooperative pool.
public final class MeasurementSession: @unchecked Sendable {
    /// The run id every row carries.
    public let runId: String
    /// The clock every measured instant uses.
    public let clock: MonotonicClock
    /// The write attempts so far.
    public let opLog: OpLog
    /// The read attempts so far (empty without readers).
    public let readLog: ReadLog
    /// The observer, if targets were given.
    public let observer: ClusterObserver?
    private let writers: [Writer]
    private let readers: [Reader]
    private let marks = Locked<(fault: Int64?, heal: Int64?)>((nil, nil))

    /// Creates a session writing into `opLog` and `readLog` (by default held in memory); nothing runs until ``start()``.
    public init(
        runId: String, writers configurations: [WriterConfiguration], readers readerConfigurations: [ReaderConfiguration] = [],
        observerTargets: ObserverTargets?, observerSettings: ObserverSettings = ObserverSettings(), clock: MonotonicClock = MonotonicClock(),
        opLog: OpLog = OpLog(), readLog: ReadLog = ReadLog()
    ) {
        self.runId = runId
        self.opLog = opLog
        self.readLog = readLog
        self.clock = clock
        let log = opLog
        writers = configurations.map { Writer(configuration: $0, clock: clock, log: log) }
        let reads = readLog
        readers = readerConfigurations.map { Reader(configuration: $0, clock: clock, log: reads) }
        observer = observerTargets.map { ClusterObserver(targets: $0, clock: clock, settings: observerSettings) }
    }

    /// Whether any writer runs (a session may only observe).
    public var hasWriters: Bool { !writers.isEmpty }

    /// The writer path readers read: `direct` when it is written, else the first path written.
    public static func readSourcePath(writing paths: [WritePath]) -> WritePath {
        paths.contains(.direct) ? .direct : paths.first ?? .direct
    }

    /// Creates the table (through the direct writer's DSN when there is one), then starts the observer, writers and
    /// readers.
    public func start() throws(PostgresError) {
        let tableDSN = (writers.first { $0.configuration.path == .direct } ?? writers.first)?.configuration.dsn
        if let tableDSN { try Writer.prepareTable(dsn: tableDSN) }
        observer?.start()
        writers.forEach { $0.start() }
        readers.forEach { $0.start() }
    }

    /// Records the fault time (now, or a given time) and returns it.
    @discardableResult
    public func markFault(atNs timeNs: Int64? = nil) -> Int64 {
        let time = timeNs ?? clock.now()
        marks.withLock { $0.fault = time }
        return time
    }

    /// Records the end of the fault window (heal) and returns it.
    @discardableResult
    public func markHeal(atNs timeNs: Int64? = nil) -> Int64 {
        let time = timeNs ?? clock.now()
        marks.withLock { $0.heal = time }
        return time
    }

    /// Stops the readers, the writers, then the observer, waiting for their threads, and closes a streamed ops.csv.
    public func stop() {
        readers.forEach { $0.stop() }
        writers.forEach { $0.stop() }
        observer?.stop()
        opLog.close()
        readLog.close()
    }

    /// A live metric (`writes.failed.<path>`, `writes.ok.<path>`, `ack_gap.<path>`, `cluster.leaders`, `elapsed`).
    public func liveValue(of metricName: String) -> MetricValue? {
        if metricName == "cluster.leaders" { return observer.map { .count($0.currentLeaders) } }
        if metricName == "elapsed" { return .nanoseconds(clock.now()) }
        guard let path = metricName.split(separator: ".").last.flatMap({ WritePath(rawValue: String($0)) }) else { return nil }
        let status = opLog.liveStatus(of: path)
        switch metricName {
        case "writes.failed.\(path.rawValue)": return .count(status.failed)
        case "writes.ok.\(path.rawValue)": return .count(status.acked)
        case "ack_gap.\(path.rawValue)": return status.lastAckNs.map { .nanoseconds(clock.now() - $0) }
        default: return nil
        }
    }

    /// How long an old primary has to rejoin before the invariant counts it as not rejoined (both `chaos run`
    /// and `chaos measure` use this one bound).
    public static let rejoinBoundNs: Int64 = 120_000_000_000

    /// The recorded history; reads the run's rows back through `readBackDSN` (the direct DSN finds the
    /// primary), up to `attempts` times with `pause` between (a primary may still be on its way back), and the
    /// timeline history from Patroni. Blocking. A failed read-back leaves `readBack` nil and is returned as
    /// `readBackError`. `recoveryHoldNs` and `originNs` are the scenario's (see ``MeasurementHistory``).
    public func history(
        readBackDSN: String?, memberAddresses: [String: String] = [:], rejoinBoundNs: Int64 = MeasurementSession.rejoinBoundNs,
        recoveryHoldNs: Int64? = nil, originNs: Int64? = nil, attempts: Int = 1, pause: (Int64) -> Void = { _ in }
    ) -> (history: MeasurementHistory, readBackError: PostgresError?) {
        var readBack: RowCounts?
        var readBackError: PostgresError?
        if let readBackDSN {
            for attempt in 1...max(1, attempts) {
                do throws(PostgresError) {
                    readBack = try RPOReader.read(runId: runId, dsn: readBackDSN)
                    readBackError = nil
                    break
                } catch {
                    readBackError = error
                    if attempt < attempts { pause(2_000_000_000) }
                }
            }
        }
        let (fault, heal) = marks.snapshot
        var history = MeasurementHistory(
            ops: opLog.records, events: observer?.events ?? [], faultNs: fault, windowEndNs: heal, readBack: readBack,
            timelineHistory: observer?.timelineHistory(), memberAddresses: memberAddresses, rejoinBoundNs: rejoinBoundNs)
        if let recoveryHoldNs { history.recoveryHoldNs = recoveryHoldNs }
        history.reads = readLog.records
        history.readSourcePath = readers.first?.configuration.sourcePath ?? .direct
        if let originNs { history.originNs = originNs }
        return (history, readBackError)
    }
}
