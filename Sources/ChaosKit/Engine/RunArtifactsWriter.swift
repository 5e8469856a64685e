// Writes a run's folder as the run goes: scenario.yaml at once, run.json after every step (atomically),
// ops.csv, reads.csv (with readers) and metrics.csv as they grow, events.csv after every step, and at the end
// summary.md, report.html and junit.xml (all through RunDirectory).

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

    /// Writes events.csv as it stands (during the run); ops.csv, reads.csv and metrics.csv stream on their own.
    func writeHistory(events: [ClusterEvent]) {
        try? folder.writeEvents(events)
    }

    /// Writes run.json, events.csv and the reports at the end of the run, and ops.csv and metrics.csv unless they were
    /// `streamed`.
    func finish(
        _ record: RunRecord, ops: [OpRecord], events: [ClusterEvent], reads: [ReadRecord], metrics: [MetricSample], streamed: Set<RunDirectory.File>
    ) {
        do {
            try folder.finish(record, ops: ops, events: events, reads: reads, metrics: metrics, streamed: streamed)
        } catch {
            FileHandle.standardError.write(Data("chaos: \(error)\n".utf8))
        }
    }
}
