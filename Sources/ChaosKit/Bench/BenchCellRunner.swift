// One cell: pgbench for warm-up + duration (+2 s spare for connecting), its output kept, its per-transaction
// log read back and measured over the window that starts when the warm-up ends.

import Foundation

/// Runs one cell of a benchmark.
struct BenchCellRunner {
    let pgbench: Pgbench
    let connections: BenchConnections
    let definition: BenchDefinition
    let directory: BenchDirectory
    let keepLogs: Bool
    let cancelled: @Sendable () -> Bool

    /// Seconds pgbench runs beyond warm-up + duration, so the window is full even when connecting takes a while.
    static let spareSeconds = 2

    func run(_ cell: BenchCell, index: Int, offsetSeconds: Double) -> BenchCellResult {
        let started = ContinuousClock.now
        func ended(_ measurement: BenchMeasurement?, _ error: String?, reported: Double? = nil, command: [String] = []) -> BenchCellResult {
            BenchCellResult(cell: cell, measurement: measurement, error: error, pgbenchReportedTps: reported, command: command,
                            startedAtSeconds: offsetSeconds, elapsedSeconds: (ContinuousClock.now - started).timeInterval)
        }
        let conninfo: String
        switch connections.pgbenchConninfo(for: cell.target) {
        case .success(let value): conninfo = value
        case .failure(let error): return ended(nil, error.description)
        }
        let name = String(format: "%03d", index) + "-\(cell.target.rawValue)-\(cell.mode.rawValue)-c\(cell.clients)-r\(cell.repetition)"
        let logDirectory = directory.url.appendingPathComponent("pgbench/\(name)")
        do { try FileManager.default.createDirectory(at: logDirectory, withIntermediateDirectories: true) } catch {
            return ended(nil, "cannot create \(logDirectory.path): \(error)")
        }
        let script = directory.url.appendingPathComponent("pgbench/insert.sql").path
        if cell.mode == .insert, !FileManager.default.fileExists(atPath: script) {
            try? Pgbench.insertScript.write(toFile: script, atomically: true, encoding: .utf8)
        }
        let seconds = definition.warmupSeconds + definition.durationSeconds + Self.spareSeconds
        let threads = definition.threads(forClients: cell.clients, cores: ProcessInfo.processInfo.activeProcessorCount)
        let prefix = logDirectory.appendingPathComponent("log").path
        let arguments = pgbench.arguments(mode: cell.mode, clients: cell.clients, threads: threads, seconds: seconds,
                                          logPrefix: prefix, scriptFile: script, conninfo: conninfo)
        let result = pgbench.runner.run(arguments, environment: ["PGPASSWORD": connections.password],
                                        timeout: .seconds(seconds + 120), cancelled: cancelled)
        let output = "$ \(arguments.joined(separator: " "))\n--- stdout\n\(result.standardOutput)\n--- stderr\n\(result.standardError)"
        try? output.write(to: directory.url.appendingPathComponent("pgbench/\(name).out"), atomically: true, encoding: .utf8)
        defer { if !keepLogs { try? FileManager.default.removeItem(at: logDirectory) } }
        let reported = PgbenchLog.reportedTps(in: result.standardOutput)
        // A pgbench that finished is measured even when a stop came just after; one the stop cut off is not.
        if !result.succeeded, cancelled() { return ended(nil, "stopped by the user", reported: reported, command: arguments) }
        guard result.succeeded else {
            let why = result.timedOut ? "pgbench did not finish within \(seconds + 120) s" : "pgbench failed: \(Pgbench.message(result))"
            return ended(nil, why, reported: reported, command: arguments)
        }
        let transactions: [PgbenchTransaction]
        do { transactions = try PgbenchLog.read(prefix: prefix) } catch {
            return ended(nil, "cannot read pgbench's log: \(error)", reported: reported, command: arguments)
        }
        guard let firstStart = transactions.map({ $0.completedUs - ($0.latencyUs ?? 0) }).min() else {
            return ended(nil, "pgbench logged no transaction", reported: reported, command: arguments)
        }
        let windowStart = firstStart + Int64(definition.warmupSeconds) * 1_000_000
        let windowEnd = windowStart + Int64(definition.durationSeconds) * 1_000_000
        // The log must reach the end of the window, or TPS over the whole duration would understate it.
        if let last = transactions.last?.completedUs, last < windowEnd - 500_000 {
            return ended(nil, String(format: "pgbench's log ends %.1f s before the measured window does (connecting took longer than the %d spare seconds); measure again or with fewer clients",
                                     Double(windowEnd - last) / 1e6, Self.spareSeconds), reported: reported, command: arguments)
        }
        let measurement = BenchStatistics.measure(transactions, startUs: windowStart, durationSeconds: definition.durationSeconds)
        return ended(measurement, nil, reported: reported, command: arguments)
    }
}
