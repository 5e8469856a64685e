// What one benchmark cell measured, and the record of a whole benchmark (bench.json).

/// The statistics of one cell's measured window.
public struct BenchMeasurement: Sendable, Hashable, Codable {
    /// Transactions completed in the window.
    public var transactions: Int
    /// Failed transactions in the window.
    public var failed: Int
    /// Transactions per second over the window.
    public var tps: Double
    /// Latency percentiles over the window's successful transactions, in milliseconds.
    public var latencyMs: LatencyPercentiles
    /// One entry per second of the window.
    public var perSecond: [BenchSecond]

    /// Creates a measurement.
    public init(transactions: Int, failed: Int, tps: Double, latencyMs: LatencyPercentiles, perSecond: [BenchSecond]) {
        self.transactions = transactions
        self.failed = failed
        self.tps = tps
        self.latencyMs = latencyMs
        self.perSecond = perSecond
    }
}

/// Latency percentiles in milliseconds (nearest-rank on every transaction: exact, not estimated).
public struct LatencyPercentiles: Sendable, Hashable, Codable {
    /// Median.
    public var p50: Double
    /// 95th percentile.
    public var p95: Double
    /// 99th percentile.
    public var p99: Double
    /// Largest.
    public var max: Double

    /// Creates percentiles.
    public init(p50: Double, p95: Double, p99: Double, max: Double) {
        self.p50 = p50
        self.p95 = p95
        self.p99 = p99
        self.max = max
    }

    /// All zero (no successful transaction).
    public static let zero = LatencyPercentiles(p50: 0, p95: 0, p99: 0, max: 0)
}

/// One second of a cell or of a load under a fault.
public struct BenchSecond: Sendable, Hashable, Codable {
    /// Seconds since the start of the window.
    public var second: Int
    /// Transactions completed in that second.
    public var transactions: Int
    /// Failed transactions in that second.
    public var failed: Int
    /// Median latency of that second's transactions, ms (0 when none).
    public var p50Ms: Double
    /// 99th percentile latency of that second's transactions, ms (0 when none).
    public var p99Ms: Double

    /// Creates one second.
    public init(second: Int, transactions: Int, failed: Int, p50Ms: Double, p99Ms: Double) {
        self.second = second
        self.transactions = transactions
        self.failed = failed
        self.p50Ms = p50Ms
        self.p99Ms = p99Ms
    }
}

/// How one cell ended.
public struct BenchCellResult: Sendable, Hashable, Codable {
    /// The cell.
    public var cell: BenchCell
    /// The measurement, when pgbench ran to the end.
    public var measurement: BenchMeasurement?
    /// Why the cell has no measurement: pgbench's own message, or what stopped it.
    public var error: String?
    /// pgbench's own "tps = …" line for the whole run including warm-up (for cross-checking), when printed.
    public var pgbenchReportedTps: Double?
    /// The pgbench command line (the password is never in it: it goes in PGPASSWORD).
    public var command: [String]
    /// Seconds since the bench started when this cell started (monotonic).
    public var startedAtSeconds: Double
    /// Wall seconds the cell took, warm-up and start included (monotonic).
    public var elapsedSeconds: Double

    /// Creates a result.
    public init(
        cell: BenchCell, measurement: BenchMeasurement?, error: String?, pgbenchReportedTps: Double?, command: [String],
        startedAtSeconds: Double, elapsedSeconds: Double
    ) {
        self.cell = cell
        self.measurement = measurement
        self.error = error
        self.pgbenchReportedTps = pgbenchReportedTps
        self.command = command
        self.startedAtSeconds = startedAtSeconds
        self.elapsedSeconds = elapsedSeconds
    }
}

/// The machine a benchmark ran on.
public struct BenchEnvironment: Sendable, Hashable, Codable {
    /// Online CPUs.
    public var cores: Int
    /// The 1-, 5- and 15-minute load averages when the bench started.
    public var loadAverageAtStart: [Double]
    /// The 1-minute load average when it ended.
    public var loadAverageAtEnd: [Double]
    /// Physical memory, bytes.
    public var memoryBytes: UInt64
    /// `pgbench --version`.
    public var pgbenchVersion: String
    /// The PostgreSQL server version of the cluster's primary (`SHOW server_version`).
    public var serverVersion: String
    /// Kernel release.
    public var kernel: String
    /// chaos's version.
    public var chaosVersion: String
    /// The platform: local, docker or ssh.
    public var platform: String

    /// Creates an environment record.
    public init(
        cores: Int, loadAverageAtStart: [Double], loadAverageAtEnd: [Double], memoryBytes: UInt64, pgbenchVersion: String,
        serverVersion: String, kernel: String, chaosVersion: String, platform: String
    ) {
        self.cores = cores
        self.loadAverageAtStart = loadAverageAtStart
        self.loadAverageAtEnd = loadAverageAtEnd
        self.memoryBytes = memoryBytes
        self.pgbenchVersion = pgbenchVersion
        self.serverVersion = serverVersion
        self.kernel = kernel
        self.chaosVersion = chaosVersion
        self.platform = platform
    }
}

/// A whole benchmark: `bench.json`.
public struct BenchRecord: Sendable, Hashable, Codable {
    /// The format of this file.
    public var version = 1
    /// The bench id (its folder's name).
    public var benchID: String
    /// The definition as run.
    public var definition: BenchDefinition
    /// The machine.
    public var environment: BenchEnvironment
    /// When it started, ISO 8601 UTC.
    public var startedAt: String
    /// When it ended, ISO 8601 UTC.
    public var finishedAt: String?
    /// Whether Ctrl-C stopped it before every cell ran.
    public var interrupted: Bool
    /// Every cell that ran (or failed), in run order.
    public var cells: [BenchCellResult]
    /// What was done before and after the cells (initialization, clean-up), and anything that went wrong there.
    public var notes: [String]

    /// Creates a record.
    public init(
        benchID: String, definition: BenchDefinition, environment: BenchEnvironment, startedAt: String, finishedAt: String? = nil,
        interrupted: Bool = false, cells: [BenchCellResult] = [], notes: [String] = []
    ) {
        self.benchID = benchID
        self.definition = definition
        self.environment = environment
        self.startedAt = startedAt
        self.finishedAt = finishedAt
        self.interrupted = interrupted
        self.cells = cells
        self.notes = notes
    }

    /// Whether any cell failed.
    public var hasErrors: Bool { cells.contains { $0.error != nil } }
}
