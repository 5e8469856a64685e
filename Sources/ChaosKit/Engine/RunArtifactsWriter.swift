// Writes a run's folder as the run goes: scenario.yaml at once, run.json after every step (atomically),
// ops.csv and events.csv at the end.

import Foundation

/// The run folder `runs/<run id>/`.
struct RunArtifactsWriter: Sendable {
    let directory: String

    init(root: String, runID: String, scenarioFile: String) throws {
        directory = root + "/" + runID
        do {
            try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
            try FileManager.default.copyItem(atPath: scenarioFile, toPath: directory + "/scenario.yaml")
        } catch {
            throw RunError("cannot create the run folder \(directory): \(error)", hint: "run from the repository root, or check permissions")
        }
    }

    /// Writes run.json atomically.
    func write(_ record: RunRecord) {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        guard let data = try? encoder.encode(record) else { return }
        try? data.write(to: URL(fileURLWithPath: directory + "/run.json"), options: .atomic)
    }

    /// Writes ops.csv and events.csv.
    func writeHistory(ops: [OpRecord], events: [ClusterEvent]) {
        try? OpLog.csv(ops).write(toFile: directory + "/ops.csv", atomically: true, encoding: .utf8)
        var csv = "time_ns,previous_ns,kind,source,member,from,to\n"
        for event in events {
            let fields = [String(event.timeNs), event.previousNs.map(String.init) ?? "", event.kind.rawValue, event.source,
                          event.member ?? "", event.from ?? "", event.to ?? ""]
            csv += fields.map { $0.contains(",") || $0.contains("\"") ? "\"" + $0.replacingOccurrences(of: "\"", with: "\"\"") + "\"" : $0 }
                .joined(separator: ",") + "\n"
        }
        try? csv.write(toFile: directory + "/events.csv", atomically: true, encoding: .utf8)
    }
}
