// Writes a run's folder as the run goes: scenario.yaml at once, run.json after every step (atomically),
// and at the end ops.csv, events.csv, reads.csv (with readers), metrics.csv (sampled), summary.md, report.html and junit.xml (all through RunDirectory).

import Foundation

/// The run folder `runs/<run id>/`.
struct RunArtifactsWriter: Sendable {
    let folder: RunDirectory

    /// The folder's path.
    var directory: String { folder.url.path }

    init(root: String, runID: String, scenarioFile: String, secrets: [String] = []) throws {
        folder = RunDirectory(
            url: URL(fileURLWithPath: root, isDirectory: true).appendingPathComponent(runID, isDirectory: true), secrets: secrets)
        do {
            try FileManager.default.createDirectory(at: folder.url, withIntermediateDirectories: true)
            try folder.writeScenario(copyOf: URL(fileURLWithPath: scenarioFile))
        } catch {
            throw RunError("cannot create the run folder \(directory): \(error)", hint: "run from the repository root, or check permissions")
        }
    }

    /// Writes run.json atomically (a failure to write is not worth ending the run for).
    func write(_ record: RunRecord) {
        try? folder.write(record)
    }

    /// Writes ops.csv, events.csv, reads.csv and metrics.csv as they stand (during the run).
    func writeHistory(ops: [OpRecord], events: [ClusterEvent], reads: [ReadRecord], metrics: [MetricSample]) {
        try? folder.writeOps(ops)
        try? folder.writeEvents(events)
        if !reads.isEmpty { try? folder.writeReads(reads) }
        if !metrics.isEmpty { try? folder.writeMetrics(metrics) }
    }

    /// Writes run.json, ops.csv, events.csv and the reports at the end of the run.
    func finish(_ record: RunRecord, ops: [OpRecord], events: [ClusterEvent], reads: [ReadRecord], metrics: [MetricSample]) {
        do {
            try folder.finish(record, ops: ops, events: events, reads: reads, metrics: metrics)
        } catch {
            FileHandle.standardError.write(Data("chaos: \(error)\n".utf8))
        }
    }
}
