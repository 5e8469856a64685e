// Reading the machine a benchmark runs on: cores, load, memory, versions.

import Foundation

extension BenchEnvironment {
    /// The machine now.
    static func current(pgbench: Pgbench?, connections: BenchConnections, platform: String) -> BenchEnvironment {
        var system = utsname()
        uname(&system)
        let kernel = withUnsafeBytes(of: &system.release) { String(decoding: $0.prefix { $0 != 0 }, as: UTF8.self) }
        return BenchEnvironment(
            cores: ProcessInfo.processInfo.activeProcessorCount, loadAverageAtStart: loadAverage(), loadAverageAtEnd: [],
            memoryBytes: ProcessInfo.processInfo.physicalMemory, pgbenchVersion: pgbench?.version() ?? "not installed",
            serverVersion: serverVersion(connections), kernel: kernel, chaosVersion: ChaosVersion.current, platform: platform)
    }

    /// The 1-, 5- and 15-minute load averages from /proc/loadavg.
    static func loadAverage() -> [Double] {
        let text = (try? String(contentsOfFile: "/proc/loadavg", encoding: .utf8)) ?? ""
        return text.split(separator: " ").prefix(3).compactMap { Double($0) }
    }

    private static func serverVersion(_ connections: BenchConnections) -> String {
        guard case .success(let conninfo) = connections.libpqConninfo(for: .direct),
              let connection = try? PostgresConnection.connect(dsn: conninfo, timeoutNs: 5_000_000_000),
              let rows = try? connection.execute("SHOW server_version") else { return "unknown" }
        return rows.rows.first?.first.flatMap { $0 } ?? "unknown"
    }
}
