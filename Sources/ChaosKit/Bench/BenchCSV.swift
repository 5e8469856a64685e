// results.csv (one row per cell) and timeseries.csv (one row per measured second) of a bench.

/// Renders a bench's CSV files (RFC 4180, `\n` line ends, a header line first).
public enum BenchCSV {
    /// The columns of results.csv.
    public static let resultsHeader = [
        "target", "mode", "clients", "repetition", "tps", "latency_p50_ms", "latency_p95_ms", "latency_p99_ms", "latency_max_ms",
        "transactions", "failed", "error",
    ]

    /// The columns of timeseries.csv.
    public static let timeseriesHeader = ["target", "mode", "clients", "repetition", "second", "tps", "failed", "latency_p50_ms", "latency_p99_ms"]

    /// results.csv: one row per cell result in run order. TPS has 2 decimals, latencies 3; a cell without a
    /// measurement has its numeric fields empty and its error in the last column.
    public static func results(_ record: BenchRecord) -> String {
        var lines = [resultsHeader.joined(separator: ",")]
        for result in record.cells {
            var fields = cellFields(result.cell)
            if let measurement = result.measurement {
                let latency = measurement.latencyMs
                fields += [
                    BenchFormat.fixed(measurement.tps, 2), BenchFormat.fixed(latency.p50, 3), BenchFormat.fixed(latency.p95, 3),
                    BenchFormat.fixed(latency.p99, 3), BenchFormat.fixed(latency.max, 3), String(measurement.transactions),
                    String(measurement.failed),
                ]
            } else {
                fields += Array(repeating: "", count: 7)
            }
            fields.append(CSVTable.field(result.error ?? ""))
            lines.append(fields.joined(separator: ","))
        }
        return lines.joined(separator: "\n") + "\n"
    }

    /// timeseries.csv: one row per second of every measured cell, in run order. `tps` is that second's completed
    /// transactions; latencies have 3 decimals (0 when the second completed none).
    public static func timeseries(_ record: BenchRecord) -> String {
        var lines = [timeseriesHeader.joined(separator: ",")]
        for result in record.cells {
            guard let measurement = result.measurement else { continue }
            let prefix = cellFields(result.cell)
            for second in measurement.perSecond {
                let fields = prefix + [
                    String(second.second), String(second.transactions), String(second.failed), BenchFormat.fixed(second.p50Ms, 3),
                    BenchFormat.fixed(second.p99Ms, 3),
                ]
                lines.append(fields.joined(separator: ","))
            }
        }
        return lines.joined(separator: "\n") + "\n"
    }

    /// target, mode, clients, repetition.
    private static func cellFields(_ cell: BenchCell) -> [String] {
        [cell.target.rawValue, cell.mode.rawValue, String(cell.clients), String(cell.repetition)]
    }
}
