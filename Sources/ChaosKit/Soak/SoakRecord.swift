// What a soak adds to its run folder: the schedule as drawn and every episode's measurements (soak.json), and
// their summary (soak.md): the distribution of RTO per fault and path, and every episode with a finding.

import Foundation

/// soak.json.
public struct SoakRecord: Codable, Sendable, Equatable {
    /// The format of this file.
    public var format = 1
    /// The soak file and the run it belongs to.
    public var file: String, runID: String
    /// The schedule as drawn.
    public var schedule: SoakSchedule
    /// Every episode, measured.
    public var episodes: [SoakEpisodeResult]
    /// RTO per fault and path.
    public var distributions: [SoakDistribution]
    /// The episode whose recovery did not come within the bound, which stopped the soak.
    public var stoppedBy: Int?
    /// This process's resident memory every 10 s through the soak; the last reading follows the run's analysis, which
    /// reads the whole history back once.
    public var memory: [MemoryReading]?
    /// False while the soak runs, and when its runner was killed (the episodes are those it recorded); nil or true:
    /// it ended.
    public var complete: Bool?
    /// The recovery hold the episodes' RTO was measured with (for judging them again from the history).
    public var recoveryHoldNs: Int64?
    /// The bank the soak ran (its checks are judged per episode), when it had one.
    public var bank: BankSpec?

    /// Whether the soak ended (a record from a killed runner did not).
    public var isComplete: Bool { complete ?? true }

    /// The soak as far as `record` and the histories say: every episode judged, the distributions, the episode
    /// that stopped it. `memory` is kept from an earlier record.
    public static func judge(
        _ schedule: SoakSchedule, file: String, record: RunRecord, ops: [OpRecord], events: [ClusterEvent] = [], bankRecords: [BankRecord]?,
        bank: BankSpec?, holdNs: Int64, memory: [MemoryReading]?
    ) -> SoakRecord {
        let episodes = SoakEpisodeResults.evaluate(
            schedule, record: record, ops: ops, holdNs: holdNs, bank: bank.flatMap { spec in bankRecords.map { ($0, spec) } }, events: events)
        return SoakRecord(
            file: file, runID: record.runID, schedule: schedule, episodes: episodes, distributions: SoakEpisodeResults.distributions(episodes),
            stoppedBy: episodes.first { $0.recovery == "timed out" }?.episode.number, memory: memory, complete: record.verdict != .running,
            recoveryHoldNs: holdNs, bank: bank)
    }

    /// The file name in the run folder.
    public static let fileName = "soak.json"
    /// The summary's file name in the run folder.
    public static let summaryFileName = "soak.md"
}

/// soak.md.
public enum SoakSummaryRenderer {
    /// The summary of a soak.
    public static func render(_ soak: SoakRecord, title: String, verdict: String) -> String {
        func seconds(_ ns: Int64?) -> String { ns.map { String(format: "%.2f s", Double($0) / 1e9) } ?? "not recovered" }
        var out = "# Soak: \(title)\n\n"
        out += "| | |\n|---|---|\n| Run | `\(soak.runID)` |\n| Soak file | `\(soak.file)` |\n| Seed | \(soak.schedule.seed) |\n"
        out += "| Duration | \(ScenarioDuration(nanoseconds: soak.schedule.durationNs)) |\n| Faults | \(soak.episodes.filter { $0.faultStartNs != nil }.count) of \(soak.episodes.count) planned |\n"
        out += "| Verdict | **\(verdict)** |\n\n"
        if !soak.isComplete {
            out += "**Partial:** the runner stopped before the soak ended (killed, or still running); these are the episodes it "
                + "recorded. Faults may still be in effect — run `chaos recover`; `chaos report` on this folder judges them again.\n\n"
        }
        if let stopped = soak.stoppedBy { out += "The soak stopped at episode \(stopped): the cluster did not become healthy within the recovery bound.\n\n" }
        out += "## RTO per fault and path\n\n| fault | path | episodes | min | median | p95 | max | not recovered |\n|---|---|---:|---:|---:|---:|---:|---:|\n"
        for row in soak.distributions {
            let recovered = row.recovered > 0
            out += "| \(row.fault) | \(row.path.rawValue) | \(row.recovered + row.notRecovered) | \(recovered ? seconds(row.minNs) : "—") | "
                + "\(recovered ? seconds(row.medianNs) : "—") | \(recovered ? seconds(row.p95Ns) : "—") | \(recovered ? seconds(row.maxNs) : "—") | \(row.notRecovered) |\n"
        }
        out += "\n## Every episode\n\nTimes in seconds since the method started; promoted: the fault → a new primary (timeline + 1), "
            + "when there was one.\n\n| # | fault | start | outcome | recovery | promoted | "
        let paths = soak.episodes.first?.paths.map(\.path) ?? []
        out += paths.map { "RTO \($0.rawValue) | failed \($0.rawValue) | lost \($0.rawValue)" }.joined(separator: " | ") + " |\n"
        out += "|---:|---|---:|---|---|---:|" + String(repeating: "---:|---:|---:|", count: paths.count) + "\n"
        for result in soak.episodes {
            out += "| \(result.episode.number) | \(result.episode.fault) | " + String(format: "%+.1f", Double(result.episode.startNs) / 1e9)
                + " | \(result.outcome) | \(result.recovery) | \(result.layers?.promotionNs.map { String(format: "%.2f s", Double($0) / 1e9) } ?? "—") | "
            out += paths.map { path in
                guard let row = result.paths.first(where: { $0.path == path }) else { return "— | — | —" }
                let lost = row.lost.map { $0 == 0 ? "0" : "**\($0)**" } ?? "not read back"
                return "\(seconds(row.rtoNs)) | \(row.failed) | \(lost)"
            }.joined(separator: " | ") + " |\n"
        }
        out += histogramSection(soak)
        out += memorySection(soak.memory ?? [], durationSeconds: Double(soak.schedule.durationNs) / 1e9)
        let anomalies = soak.episodes.filter {
            $0.outcome != "ok" || $0.recovery != "ok" || ($0.bankViolations ?? 0) > 0 || $0.singleWriter == false
                || $0.paths.contains { ($0.lost ?? 0) > 0 || $0.rtoNs == nil }
        }
        let readBack = soak.episodes.allSatisfy { $0.paths.allSatisfy { $0.lost != nil } }
        out += "\n## Anomalies\n\n"
        if !readBack { out += "The rows could not be read back: lost writes are unknown.\n\n" }
        if anomalies.isEmpty {
            out += "None: every fault ran and the cluster recovered within the bound each time"
                + (readBack ? ", and no acknowledged write was lost.\n" : ".\n")
        }
        for result in anomalies {
            var what: [String] = []
            if result.outcome != "ok" { what.append("the fault step \(result.outcome)") }
            if result.recovery != "ok" { what.append("recovery \(result.recovery)") }
            for row in result.paths { if let lost = row.lost, lost > 0 { what.append("\(lost) acknowledged writes lost on \(row.path.rawValue)") } }
            for row in result.paths where row.rtoNs == nil { what.append("\(row.path.rawValue) did not recover within the episode") }
            if result.singleWriter == false { what.append("invariant.single_writer broke over the episode's writes (two writers on one timeline, or an older timeline acknowledged after a newer one)") }
            if let violations = result.bankViolations, violations > 0 {
                what.append("\(violations) bank checks in this episode's window (from the previous recovery to this one's) saw money missing or a balance below zero")
            }
            out += "- episode \(result.episode.number) (\(result.episode.fault), " + String(format: "%+.1f s", Double(result.episode.startNs) / 1e9)
                + "): " + what.joined(separator: "; ") + "\n"
        }
        return out
    }

    /// RTO per fault and path as a text histogram: one row per bin (1 s wide, wider when the values spread over more
    /// than 30 s), `#` per episode.
    static func histogramSection(_ soak: SoakRecord) -> String {
        var out = ""
        for row in soak.distributions where row.recovered > 0 {
            let values = soak.episodes.filter { $0.episode.fault == row.fault }.compactMap { $0.paths.first { $0.path == row.path }?.rtoNs }
            let bins = SoakHistogram(values: values)
            guard !bins.counts.isEmpty else { continue }
            if out.isEmpty { out = "\n## RTO histograms\n\nEpisodes per bin of RTO; `not recovered` ones are left out.\n" }
            out += "\n**\(row.fault)** on \(row.path.rawValue)\n\n```\n"
            for (index, count) in bins.counts.enumerated() {
                let low = bins.lowNs + Int64(index) * bins.widthNs
                out += String(format: "%6.1f–%-6.1f s ", Double(low) / 1e9, Double(low + bins.widthNs) / 1e9) + String(repeating: "#", count: count) + " \(count)\n"
            }
            out += "```\n"
        }
        return out
    }

    /// The runner's resident memory: flat once the in-memory tails of the histories are full (they hold the newest
    /// 16,384 records each), whatever the soak's length. Readings up to the schedule's end (plus a margin for the
    /// warm-up before it) are the measurement's; those after it, the analysis reading the whole history back.
    static func memorySection(_ readings: [MemoryReading], durationSeconds: Double) -> String {
        guard let first = readings.first, let last = readings.last else { return "" }
        func megabytes(_ bytes: Int64) -> String { String(format: "%.1f MB", Double(bytes) / 1_048_576) }
        let measuring = readings.filter { $0.seconds <= durationSeconds + 10 }
        let analysis = readings.filter { $0.seconds > durationSeconds + 10 }
        func at(_ seconds: Double) -> MemoryReading? { measuring.first { $0.seconds >= seconds } }
        var out = "\n## Memory\n\nchaos's resident memory, read every 10 s (\(readings.count) readings): \(megabytes(first.residentBytes)) at the start"
        for (label, seconds) in [("60 s", 60.0), ("10 min", 600.0)] {
            if let reading = at(seconds) { out += ", \(megabytes(reading.residentBytes)) at \(label)" }
        }
        if let end = measuring.last {
            out += ", \(megabytes(end.residentBytes)) at the end of the soak (\(Int(end.seconds)) s)"
            if let settled = at(600), end.seconds > settled.seconds {
                out += ": \(megabytes(end.residentBytes - settled.residentBytes)) more than at 10 min"
            }
            out += "; at most \(megabytes(measuring.map(\.residentBytes).max() ?? 0)) while measuring"
        }
        if let peak = analysis.map(\.residentBytes).max() {
            out += ". The analysis at the end, which reads the whole history back once, took it to \(megabytes(peak)); \(megabytes(last.residentBytes)) after it"
        }
        return out + ".\n"
    }
}
