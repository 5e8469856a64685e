// summary.md: the run in one page of Markdown — verdict, hypotheses, what each path felt, data loss,
// invariants, RTO by layer, and every step with its times.

import Foundation

/// Renders summary.md.
public enum SummaryRenderer {
    /// The Markdown summary of a run.
    public static func render(_ contents: RunContents) -> String {
        let record = contents.record
        let origin = ReportFormat.origin(of: record)
        var out: [String] = []
        out.append("# \(record.title) — \(ReportFormat.verdict(record.verdict))")
        out.append("")
        if let notice = ReportFormat.partialNotice(record) {
            out.append("> **⚠ \(notice)**")
            out.append("")
        } else if let reason = record.reason {
            out.append("> \(reason)")
            out.append("")
        }
        out += header(record)
        out += hypotheses(record)
        if let results = record.results {
            out += paths(results, origin: origin)
            out += rpo(results.rpo, origin: origin)
            if let throughput = results.throughput { out += self.throughput(throughput) }
            if let reads = results.reads { out += self.reads(reads, origin: origin) }
            if let sampled = results.sampled { out += self.sampled(sampled) }
            if let during = results.during { out += self.during(during, origin: origin) }
            out += invariants(results)
            out += layers(results)
            out += predictions(record)
        } else {
            out += ["## Measurements", "", "Not computed (the run did not get that far).", ""]
        }
        out += faults(record, origin: origin)
        out += steps(record, origin: origin)
        return out.joined(separator: "\n")
    }

    private static func header(_ record: RunRecord) -> [String] {
        let versions = record.versions
        var versionParts = ["chaos \(versions.chaos)\(versions.gitCommit.map { " (\($0))" } ?? "")"]
        if let postgres = versions.postgres { versionParts.append(postgres) }
        if let patroni = versions.patroni { versionParts.append(patroni) }
        if let etcd = versions.etcd { versionParts.append(etcd) }
        if let pgpool = versions.pgpool { versionParts.append(pgpool) }
        let profile = record.profile
        let workload = record.workload
        return [
            "| | |", "|---|---|",
            "| Run | `\(record.runID)` |",
            "| Scenario | \(md(record.title)) (`\(record.scenarioFile)`)\(record.tags.isEmpty ? "" : " — tags: " + record.tags.joined(separator: ", ")) |",
            "| Started / ended (UTC) | \(record.startedAt) / \(record.endedAt ?? "—") |",
            "| Verdict | **\(ReportFormat.verdict(record.verdict))**\(record.reason.map { " — " + md($0) } ?? "") |",
            "| Versions | \(md(versionParts.joined(separator: " · "))) |",
            "| Profile | \(profile.summary)\(profile.failsafe ? "" : ", failsafe off") |",
            "| Workload | \(workload.paths.map(\.rawValue).joined(separator: " + ")) at \(workload.rate) writes/s per path, op timeout \(ReportFormat.duration(workload.timeoutNs)) |",
            "| Seed | \(record.seed) |",
        ] + (record.variables.map { ["| Variables | \(md(ReportFormat.variables($0))) |"] } ?? []) + [
            "",
            "Times are seconds since the method started (t = 0, after warm-up); negative times are warm-up.",
            "",
        ]
    }

    private static func hypotheses(_ record: RunRecord) -> [String] {
        var out = ["## Hypotheses", ""]
        if record.hypotheses.isEmpty {
            out.append(ReportFormat.isPartial(record) ? "Not evaluated (partial run)." : "None declared.")
        } else {
            for verdict in record.hypotheses {
                out.append("- `\(verdict.line)`\(verdict.problem.map { " — \(md($0))" } ?? "")")
            }
        }
        return out + [""]
    }

    private static func paths(_ results: MeasurementResults, origin: Int64) -> [String] {
        var out = [
            "## What clients felt, per path", "",
            "| path | RTO | downtime | max gap | outages after recovery | acked | failed |", "|---|---:|---:|---:|---:|---:|---:|",
        ]
        for path in results.paths {
            let rto = path.recovered ? ReportFormat.duration(path.rtoNs) : "never recovered"
            let later = path.outages == nil ? "—" : "\(path.outagesAfterRecovery.count)" + (path.outagesAfterRecovery.isEmpty ? "" : " (longest \(ReportFormat.duration(path.afterRecoveryMaxNs)))")
            out.append(
                "| \(path.path.rawValue) | \(rto) | \(ReportFormat.duration(path.downtimeNs)) | \(ReportFormat.duration(path.maxGapNs)) | \(later) | \(path.acked) | \(path.failed) |"
            )
        }
        out.append("")
        if let hold = results.paths.compactMap(\.recoveryHoldNs).first {
            out.append("RTO ends at the first acknowledged write after which writes went on being acknowledged for \(ReportFormat.duration(hold)); an outage that began later is listed on its own.")
            let resolutions = results.paths.compactMap { path in path.rtoResolutionNs.map { "\(path.path.rawValue) \(ReportFormat.duration($0))" } }
            if !resolutions.isEmpty {
                out.append("RTO resolution (the path was down when the last failed attempt ended and back by the end of the acknowledged write that ended the outage): \(resolutions.joined(separator: ", ")).")
            }
            out.append("")
        }
        for path in results.paths {
            let lines = ReportFormat.outageLines(path, origin: origin)
            guard !lines.isEmpty else { continue }
            out.append("Outages, \(path.path.rawValue):")
            out += lines.map { "- " + md($0) }
            out.append("")
        }
        out.append("Failovers (leader changes): \(results.failovers)")
        return out + [""]
    }

    private static func throughput(_ throughput: ThroughputResults) -> [String] {
        let load = throughput.load
        return [
            "## Throughput (pgbench \(load.mode.rawValue), \(load.clients) clients via \(load.path.rawValue))", "",
            "- pre-fault median: \(throughput.preFaultMedianTps.map { String(format: "%.0f tps", $0) } ?? "not measured")",
            "- back at ≥ 90 % of it (mean over \(ThroughputResults.stableSeconds) s) after: \(throughput.recoveryNs.map(ReportFormat.duration) ?? "not within the run")",
            "- p99 latency from the fault until then: \(throughput.faultP99Ns.map(ReportFormat.duration) ?? "—") (\(throughput.faultTransactions) transactions)",
            "- pgbench started \(throughput.launches)×; \(throughput.abortedClients) clients aborted (cut off mid-transaction); per second in throughput.csv",
            "",
        ]
    }

    private static func reads(_ reads: ReadResults, origin: Int64) -> [String] {
        var out = ["## What readers felt", "", "| " + ReadsTable.header.joined(separator: " | ") + " |",
                   "|---|" + String(repeating: "---:|", count: ReadsTable.header.count - 1)]
        out += ReadsTable.rows(reads).map { "| " + $0.map(md).joined(separator: " | ") + " |" }
        out += ["", ReadsTable.legend(reads), ""]
        let examples = ReadsTable.exampleLines(reads, origin: origin)
        if !examples.isEmpty {
            out.append("Stale reads (the first \(ReadResults.examplesKept) and the stalest; every read in reads.csv):")
            out += examples.map { "- " + md($0) }
            out.append("")
        }
        return out
    }

    private static func predictions(_ record: RunRecord) -> [String] {
        guard let set = record.predictions else { return [] }
        var out = ["## Predicted from the cluster's settings", ""]
        guard let outcomes = record.predictionOutcomes, set.unmodelled == nil else {
            return out + ["No prediction: \(md(set.unmodelled ?? "not computed")).", ""]
        }
        out += ["\(md(set.situation ?? "")) with \(md(set.settings)) (docs/predictions.md):", ""]
        out += ["| metric | predicted | measured | error | derivation |", "|---|---|---:|---|---|"]
        out += PredictionComparison.rows(outcomes).map { "| " + $0.map(md).joined(separator: " | ") + " |" }
        let outside = outcomes.filter { $0.error != nil && !$0.inside }.map(\.prediction.metric)
        let unmeasured = outcomes.filter { $0.measured == nil }.map(\.prediction.metric)
        var verdict = outside.isEmpty ? "Every measured value fell inside its prediction." : "Outside the prediction: \(outside.joined(separator: ", ")) — a finding about the model or the run."
        if !unmeasured.isEmpty { verdict += " Not measured: \(unmeasured.joined(separator: ", "))." }
        if let platform = record.inventory?.platform, platform != "local-lab", platform != "docker" {
            verdict += " PgPool-II's health check was assumed to be the lab's (infra/pgpool/pgpool.conf)."
        }
        out += ["", verdict, ""]
        return out
    }

    private static func during(_ during: ContinuousProbeResults, origin: Int64) -> [String] {
        var out = ["## During the method (continuous probes)", "", "| " + DuringTable.header.joined(separator: " | ") + " |", "|---|---|---:|---:|---|---|"]
        out += DuringTable.rows(during, origin: origin).map { "| " + $0.map(md).joined(separator: " | ") + " |" }
        return out + ["", DuringTable.legend(during), ""]
    }

    private static func sampled(_ sampled: SampledMetrics) -> [String] {
        var out = ["## What the cluster said (sampled)", "", "| figure | value |", "|---|---:|"]
        for member in sampled.lagBytesMax.keys.sorted() {
            let seconds = sampled.lagSecondsMax[member].map { String(format: ", replay_lag up to %.3fs", $0) } ?? ""
            out.append("| replication lag, \(md(member)) | up to \(ByteSize.describe(sampled.lagBytesMax[member] ?? 0))\(seconds) |")
        }
        out.append("| etcd leader changes | \(sampled.etcdLeaderChanges.map(String.init) ?? "—") |")
        out.append("| etcd failed proposals | \(sampled.etcdProposalsFailed.map(String.init) ?? "—") |")
        out.append("| client connections on the primary, most | \(sampled.connectionsMax.map { String(Int($0)) } ?? "—") |")
        out.append("| commits per second on the primary, highest | \(sampled.commitsPerSecondMax.map { String(Int($0.rounded())) } ?? "—") |")
        let failed = sampled.failedReads.sorted { $0.key < $1.key }.map { "\($0.key) \($0.value)" }.joined(separator: ", ")
        out += ["", "\(sampled.samples) values in metrics.csv" + (failed.isEmpty ? "." : "; reads that failed (a source down during a fault): \(failed)."), ""]
        return out
    }

    private static func rpo(_ rpo: RPOResult?, origin: Int64) -> [String] {
        var out = ["## Data loss (RPO)", ""]
        guard let rpo else { return out + ["Not measured: the rows were not read back.", ""] }
        if rpo.lost.isEmpty {
            out.append("**No acknowledged write was lost.**")
        } else {
            let window = rpo.lostWindow.map {
                " between \(ReportFormat.instant($0.startNs, origin: origin)) and \(ReportFormat.instant($0.endNs, origin: origin))"
            } ?? ""
            out.append("**\(rpo.lost.count) acknowledged write(s) lost**\(window): \(ReportFormat.seqRanges(rpo.lost.map(\.key))).")
            out.append("")
            out.append("| path | seq | start | end | node | timeline | lsn |")
            out.append("|---|---:|---:|---:|---|---:|---|")
            for finding in rpo.lost.prefix(50) {
                out.append(
                    "| \(finding.key.path.rawValue) | \(finding.key.seq) | \(ReportFormat.instant(finding.startNs, origin: origin)) | \(ReportFormat.instant(finding.endNs, origin: origin)) | \(finding.node ?? "—") | \(finding.timeline.map(String.init) ?? "—") | \(finding.lsn?.description ?? "—") |"
                )
            }
            if rpo.lost.count > 50 { out.append("| … | \(rpo.lost.count - 50) more in run.json | | | | | |") }
        }
        out.append("")
        out.append("- lost: \(rpo.lost.count)")
        out.append("- ambiguous (failed, yet present): \(rpo.ambiguous.count)\(rpo.ambiguous.isEmpty ? "" : " — " + ReportFormat.seqRanges(rpo.ambiguous.map(\.key), limit: 20))")
        out.append("- duplicated: \(rpo.duplicated.count)\(rpo.duplicated.isEmpty ? "" : " — " + ReportFormat.seqRanges(rpo.duplicated.map(\.key), limit: 20))")
        out.append("- unexpected rows: \(rpo.unexpected.count)")
        out.append("- WAL bytes lost (lower bound): \(rpo.walBytesLost.map(String.init) ?? "unknown")")
        return out + [""]
    }

    private static func invariants(_ results: MeasurementResults) -> [String] {
        var out = ["## Invariants", "", "| invariant | holds | evidence |", "|---|---|---|"]
        for (name, verdict) in ReportFormat.invariants(results) {
            var evidence = verdict.violations.prefix(3).map(md).joined(separator: "<br>")
            if verdict.violationCount > 3 { evidence += "<br>… \(verdict.violationCount) in all" }
            if verdict.holds, let note = verdict.note { evidence = md(note) }
            out.append("| \(name) | \(ReportFormat.holds(verdict.holds)) | \(evidence) |")
        }
        if let bank = results.bank { out += ["", ReportFormat.bankLine(bank)] }
        return out + [""]
    }

    private static func layers(_ results: MeasurementResults) -> [String] {
        let layers = results.layers
        var out = [
            "## RTO by layer", "",
            "Old primary: \(layers.oldPrimary ?? "unknown") → new primary: \(layers.newPrimary ?? "none seen"). Times after the first fault.",
            "", "| layer | after fault |", "|---|---:|",
        ]
        for (label, ns) in ReportFormat.layers(layers) { out.append("| \(label) | \(ReportFormat.duration(ns)) |") }
        if let rejoin = results.rejoinNs { out.append("| old primary rejoined as replica | \(ReportFormat.duration(rejoin)) |") }
        return out + [""]
    }

    private static func faults(_ record: RunRecord, origin: Int64) -> [String] {
        guard !record.faults.isEmpty else { return [] }
        var out = ["## Faults", "", "| step | kind | targets | injected | healed |", "|---|---|---|---:|---:|"]
        for fault in record.faults {
            out.append(
                "| \(md(fault.step)) | \(fault.kind) | \(md(fault.targets.joined(separator: ", "))) | \(ReportFormat.instant(fault.startNs, origin: origin)) | \(fault.endNs.map { ReportFormat.instant($0, origin: origin) } ?? "not healed") |"
            )
        }
        return out + [""]
    }

    private static func steps(_ record: RunRecord, origin: Int64) -> [String] {
        var out = ["## Steps", ""]
        guard !record.steps.isEmpty else { return out + ["No step was recorded.", ""] }
        out += ["| # | phase | step | start | end | outcome | detail |", "|---:|---|---|---:|---:|---|---|"]
        for (index, step) in record.steps.enumerated() {
            let outcome = step.outcome == "ok" ? "ok" : "**\(step.outcome)**"
            out.append(
                "| \(index + 1) | \(step.phase) | \(md(step.name)): \(md(step.summary)) | \(ReportFormat.instant(step.startNs, origin: origin)) | \(ReportFormat.instant(step.endNs, origin: origin)) | \(outcome) | \(md(step.detail ?? "")) |"
            )
        }
        return out + [""]
    }

    /// Escapes text for a Markdown table cell.
    private static func md(_ text: String) -> String {
        text.replacingOccurrences(of: "|", with: "\\|").replacingOccurrences(of: "\n", with: " ")
    }
}
