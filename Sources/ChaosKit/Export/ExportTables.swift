// The tables each kind of folder exports: a study's per-metric cell tables, a suite's runs, a bench's cells, a
// run's per-path figures and hypotheses.

import Foundation

/// Reads a folder and gives its tables.
public enum ExportTables {
    /// The tables of a run, suite, bench or study folder (told apart by their JSON file).
    ///
    /// - Throws: ``ReportError`` when the folder is none of them.
    public static func of(folder: String) throws -> [ExportTable] {
        let url = URL(fileURLWithPath: folder, isDirectory: true)
        let exists = { (name: String) in FileManager.default.fileExists(atPath: url.appendingPathComponent(name).path) }
        if exists("study.json") { return study(try StudyDirectory(url: url).read()) }
        if exists("suite.json") { return suite(try SuiteDirectory(url: url).read()) }
        if exists("bench.json") { return bench(try BenchDirectory(url: url).read()) }
        if exists("run.json") { return run(try RunDirectory(url: url).readRecord()) }
        throw ReportError("\(folder) holds no run.json, suite.json, bench.json or study.json",
                          hint: "pass a folder chaos wrote under runs/ (a run, a suite, a bench or a study)")
    }

    /// Per metric: one row per cell (and scenario).
    public static func study(_ record: StudyRecord) -> [ExportTable] {
        let analysis = StudyAnalysis(record)
        let definition = record.definition
        let columns = definition.parameters.map { ExportTable.Column($0.name, numeric: Double($0.values.first ?? "") != nil) }
            + (definition.scenarios.count > 1 ? [ExportTable.Column("scenario")] : [])
            + ["n", "median", "interval of the median", "min – max", "predicted", "inside", "median's error"].map { ExportTable.Column($0, numeric: $0 != "inside") }
        return analysis.metrics.compactMap { metric in
            guard let groups = analysis.groups[metric], !groups.isEmpty else { return nil }
            return ExportTable(
                caption: "\(metric) by " + definition.parameters.map(\.name).joined(separator: " and ") + " (\(record.studyID))",
                columns: columns, rows: groups.map { StudySummaryRenderer.row($0, definition: definition) })
        }
    }

    /// Every run of a suite.
    public static func suite(_ record: SuiteRecord) -> [ExportTable] {
        let metrics = ["rto.direct", "rto.pgpool", "rpo.lost"]
        let rows = record.runs.map { entry in
            [entry.scenario, SuiteSummaryRenderer.number(entry), entry.runID ?? "", SuiteSummaryRenderer.verdict(entry)]
                + metrics.map { name in entry.metrics[name].map { SuiteMetrics.format($0, unit: MetricCatalog.metric(named: name)?.type == .duration ? "s" : "") } ?? "" }
        }
        let columns = ["scenario", "#", "run", "verdict"].map { ExportTable.Column($0, numeric: $0 == "#") } + metrics.map { ExportTable.Column($0, numeric: true) }
        return [ExportTable(caption: "Runs of \(record.suiteID)", columns: columns, rows: rows)]
    }

    /// Every cell of a bench (its results.csv as a table).
    public static func bench(_ record: BenchRecord) -> [ExportTable] {
        let table = CSVTable(parsing: BenchCSV.results(record))
        let numeric: Set<String> = ["clients", "repetition", "tps", "latency_p50_ms", "latency_p95_ms", "latency_p99_ms", "latency_max_ms", "transactions", "failed"]
        return [ExportTable(caption: "Cells of \(record.benchID)", columns: table.header.map { ExportTable.Column($0, numeric: numeric.contains($0)) }, rows: table.rows)]
    }

    /// What each path felt, and the hypotheses.
    public static func run(_ record: RunRecord) -> [ExportTable] {
        var tables: [ExportTable] = []
        if let results = record.results {
            let rows = results.paths.map { path -> [String] in
                let seconds = { (ns: Int64?) in ns.map { String(format: "%.2f", Double($0) / 1e9) } ?? "not recovered" }
                return [path.path.rawValue, seconds(path.rtoNs), seconds(path.downtimeNs), seconds(path.maxGapNs), "\(path.acked)", "\(path.failed)"]
            }
            tables.append(ExportTable(
                caption: "What clients felt, per path (\(record.runID))",
                columns: [.init("path"), .init("RTO (s)", numeric: true), .init("downtime (s)", numeric: true), .init("max gap (s)", numeric: true),
                          .init("acked", numeric: true), .init("failed", numeric: true)],
                rows: rows))
        }
        if !record.hypotheses.isEmpty {
            tables.append(ExportTable(
                caption: "Hypotheses (\(record.runID))", columns: [.init("hypothesis"), .init("measured"), .init("held")],
                rows: record.hypotheses.map { [$0.expression, $0.measured ?? "not measured", $0.held ? "yes" : "no"] }))
        }
        return tables
    }
}
