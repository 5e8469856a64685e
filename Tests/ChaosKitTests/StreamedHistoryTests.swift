import Foundation
import Testing
@testable import ChaosKit

/// The histories a run streams to disk (ops.csv, metrics.csv): what is read back is what was appended, the file is
/// what the run folder would have written at the end, and only the newest records stay in memory.
@Suite struct StreamedHistoryTests {
    private func temporaryFolder() throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("chaos-stream-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    private func record(_ seq: Int64, ok: Bool = true) -> OpRecord {
        ok ? OpRecord(path: .direct, seq: seq, startNs: seq * 10, endNs: seq * 10 + 5, outcome: .ok, node: "pg1", lsn: WALPosition(UInt64(seq)), timeline: 1)
            : OpRecord(path: .direct, seq: seq, startNs: seq * 10, endNs: seq * 10 + 5, outcome: .sqlError, sqlState: "25006", message: "read-only, \"no\" s3cret")
    }

    @Test func opsStreamToTheFileAndReadBackWhole() throws {
        let folder = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let file = folder.appendingPathComponent("ops.csv")
        let log = OpLog(streamingTo: file, runID: "run-1", keep: 4)
        let appended = (1...1_000).map { record(Int64($0), ok: $0 % 97 != 0) }
        appended.forEach(log.append)
        #expect(log.records(after: 998).records.map(\.seq) == [999, 1_000])
        #expect(log.records(after: 10).records.count == 990)  // older than memory: read back from the file
        log.close()
        #expect(log.records == appended)
        #expect(log.isStreamed && log.streamError == nil)
        let text = try String(contentsOf: file, encoding: .utf8)
        #expect(text == OpLog.csv(appended, runID: "run-1"))
        #expect(try OpLog.records(fromCSV: text) == appended)
    }

    @Test func secretsNeverReachTheStreamedFile() throws {
        let folder = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let file = folder.appendingPathComponent("ops.csv")
        let log = OpLog(streamingTo: file, runID: "run-1", secrets: ["s3cret"], keep: 1)
        log.append(record(1, ok: false))
        log.close()
        let text = try String(contentsOf: file, encoding: .utf8)
        #expect(!text.contains("s3cret") && text.contains(RunDirectory.redaction))
    }

    @Test func anUnwritableFileKeepsEverythingInMemory() {
        let log = OpLog(streamingTo: URL(fileURLWithPath: "/nonexistent-\(UUID().uuidString)/ops.csv"), runID: "r", keep: 2)
        let appended = (1...50).map { record(Int64($0)) }
        appended.forEach(log.append)
        #expect(!log.isStreamed && log.streamError != nil)
        #expect(log.records == appended)
    }

    @Test func metricsStreamLikeOps() throws {
        let folder = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let file = folder.appendingPathComponent("metrics.csv")
        let log = MetricsLog(streamingTo: file, runID: "run-1", keep: 3)
        let samples = (0..<100).map { MetricSample(timeNs: Int64($0) * 1_000, source: "pg1", metric: "lag_bytes", labels: [:], value: Double($0)) }
        for chunk in stride(from: 0, to: 100, by: 10) { log.append(Array(samples[chunk..<chunk + 10])) }
        log.close()
        #expect(log.samples == samples)
        #expect(log.samples(after: 99).samples == [samples[99]])
        #expect(try String(contentsOf: file, encoding: .utf8) == MetricsLog.csv(samples, runID: "run-1"))
    }

    @Test func aPathRecoversOnlyWithAnAckAfterItsLastFailure() {
        let log = OpLog()
        #expect(log.liveStatus(of: .direct).lastFailureSeq == nil)
        log.append(record(1))
        log.append(record(2, ok: false))
        #expect(log.liveStatus(of: .direct).lastFailureSeq == 2 && !log.liveStatus(of: .direct).ackedSinceFailure)
        log.append(record(3))
        #expect(log.liveStatus(of: .direct).ackedSinceFailure)
        log.append(record(4, ok: false))
        #expect(!log.liveStatus(of: .direct).ackedSinceFailure)
    }
}

@Suite struct ReadLogStreamTests {
    @Test func readsStreamAndParseBack() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("chaos-reads-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let file = folder.appendingPathComponent("reads.csv")
        let log = ReadLog(streamingTo: file, runID: "r", keep: 2)
        var reads: [ReadRecord] = []
        for i in 1...20 {
            let seq = Int64(i)
            if i % 5 == 0 {
                reads.append(ReadRecord(path: .replica, seq: seq, startNs: seq, endNs: seq + 1, outcome: .timeout, message: "slow, \"very\""))
            } else {
                reads.append(ReadRecord(path: .pgpool, seq: seq, startNs: seq, endNs: seq + 1, outcome: .ok, node: "10.0.0.1:5432",
                                        fromStandby: i % 2 == 0, seenSeq: seq * 3))
            }
        }
        reads.forEach(log.append)
        log.close()
        #expect(log.records == reads)
        #expect(try String(contentsOf: file, encoding: .utf8) == ReadLog.csv(reads, runID: "r"))
    }
}
