import Foundation
import Testing
@testable import ChaosKit

/// The CSVs of a run folder carry its run id in a first column, so many runs stack into one table; they still read back.
@Suite struct RunIDColumnTests {
    @Test func everyHistoryCSVStartsWithTheRunIDAndReadsBack() throws {
        let root = URL(fileURLWithPath: NSTemporaryDirectory() + "chaos-runid-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: root) }
        let directory = try RunDirectory.create(under: root, scenario: "primary-kill")
        let ops = [OpRecord(path: .direct, seq: 1, startNs: 10, endNs: 20, outcome: .ok, message: "a, \"quoted\"\nline")]
        try directory.writeOps(ops)
        try directory.writeEvents([ClusterEvent(timeNs: 5, previousNs: nil, kind: .roleChanged, source: "patroni:pg1", member: "pg1", from: "replica", to: "leader")])
        try directory.writeMetrics([MetricSample(timeNs: 7, source: "pg1", metric: "lag_bytes", labels: [:], value: 42)])
        for file in ["ops.csv", "events.csv", "metrics.csv"] {
            let text = try String(contentsOf: directory.url.appendingPathComponent(file), encoding: .utf8)
            let lines = text.split(separator: "\n", omittingEmptySubsequences: true)
            #expect(lines.first?.hasPrefix("run_id,") == true, "\(file): \(lines.first ?? "")")
            #expect(lines.dropFirst().first?.hasPrefix(directory.runID + ",") == true, "\(file)")
        }
        let text = try String(contentsOf: directory.url.appendingPathComponent("ops.csv"), encoding: .utf8)
        #expect(try OpLog.records(fromCSV: text) == ops, "read back by column name, the quoted line break included")
        #expect(OpLog.csv(ops).hasPrefix("path,seq,"), "without a run id, the header of before")
    }
}
