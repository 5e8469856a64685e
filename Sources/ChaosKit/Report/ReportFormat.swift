// How reports print times and figures: durations in seconds, instants as seconds since the method started.

import Foundation

/// Number and time formatting shared by summary.md, report.html and junit.xml.
public enum ReportFormat {
    /// Scenario variables as `name=value, …`, sorted by name.
    static func variables(_ values: [String: String]) -> String {
        values.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: ", ")
    }

    /// One line per outage of a path from the fault on (the fault's own, then each later one): when it began
    /// (relative to `origin`), how long it lasted, how many writes failed, and what the observer saw then.
    public static func outageLines(_ availability: PathAvailability, origin: Int64) -> [String] {
        availability.outagesSinceFault.map { outage in
            let length = outage.lengthNs.map { duration($0) } ?? "not over at the end"
            let label = outage.phase == .recovery ? "the fault's outage" : "after recovery"
            var line = "\(label): at \(instant(outage.startNs, origin: origin)), \(length), \(outage.failedWrites) failed write\(outage.failedWrites == 1 ? "" : "s")"
            if outage.phase == .afterRecovery, !outage.observed.isEmpty { line += " — observer: " + outage.observed.joined(separator: "; ") }
            return line
        }
    }

    /// A duration: `9.84s`, `0.012s`; `—` when unknown.
    static func duration(_ ns: Int64?) -> String {
        guard let ns else { return "—" }
        let seconds = Double(ns) / 1e9
        if seconds != 0 && abs(seconds) < 0.1 { return String(format: "%.3fs", seconds) }
        return String(format: "%.2fs", seconds)
    }

    /// A number of seconds with `decimals` places.
    static func seconds(_ value: Double, decimals: Int = 2) -> String { String(format: "%.\(decimals)f", value) }

    /// The run's time origin: method start, else the first step, else the clock origin.
    public static func origin(of record: RunRecord) -> Int64 {
        record.methodStartNs ?? record.steps.map(\.startNs).min() ?? 0
    }

    /// An instant as seconds since the origin, e.g. `+12.30s` / `-4.90s`.
    static func instant(_ ns: Int64?, origin: Int64) -> String {
        guard let ns else { return "—" }
        let seconds = Double(ns - origin) / 1e9
        return (seconds >= 0 ? "+" : "") + String(format: "%.2fs", seconds)
    }

    /// A lost/ambiguous write list as compact ranges: `direct 101–103, 250`.
    static func seqRanges(_ keys: [WriteKey], limit: Int = 200) -> String {
        var parts: [String] = []
        for path in WritePath.allCases {
            let seqs = keys.filter { $0.path == path }.map(\.seq).sorted()
            guard !seqs.isEmpty else { continue }
            var ranges: [String] = []
            var start = seqs[0]
            var previous = seqs[0]
            for seq in seqs.dropFirst() + [Int64.min] {
                if seq == previous + 1 {
                    previous = seq
                    continue
                }
                ranges.append(start == previous ? String(start) : "\(start)–\(previous)")
                start = seq
                previous = seq
            }
            let shown = ranges.prefix(limit).joined(separator: ", ")
            parts.append("\(path.rawValue) seq \(shown)\(ranges.count > limit ? ", … (\(ranges.count - limit) more)" : "")")
        }
        return parts.joined(separator: "; ")
    }

    /// `yes ✓` / `NO ✗`.
    static func holds(_ flag: Bool) -> String { flag ? "yes ✓" : "NO ✗" }

    /// The verdict as a word.
    static func verdict(_ verdict: RunVerdict) -> String {
        switch verdict {
        case .passed: return "PASSED"
        case .failed: return "FAILED"
        case .aborted: return "ABORTED"
        case .running: return "PARTIAL (run did not finish)"
        }
    }

    /// True for a run that did not reach its end: aborted, or killed while running.
    static func isPartial(_ record: RunRecord) -> Bool { record.verdict == .running || record.verdict == .aborted }

    /// The sentence saying a run is partial, nil when it finished.
    static func partialNotice(_ record: RunRecord) -> String? {
        switch record.verdict {
        case .running:
            let last = record.steps.last.map { " The last step recorded was \"\($0.name)\" (\($0.outcome))." } ?? ""
            return "Partial run: the runner stopped before the run finished (killed or crashed); these are the artifacts "
                + "it left.\(last) Faults may still be in effect — run `chaos recover`. Figures below cover only what was recorded."
        case .aborted:
            return "Partial run: aborted\(record.reason.map { " — \($0)" } ?? ""). Faults were healed; hypotheses that "
                + "were not evaluated are missing."
        case .passed, .failed:
            return nil
        }
    }

    /// The invariants of a result set, with their names.
    static func invariants(_ results: MeasurementResults) -> [(name: String, verdict: InvariantVerdict)] {
        var rows = [
            ("single writer", results.singleWriter), ("timeline monotonic", results.timelineMonotonic),
            ("old primary rejoined", results.oldPrimaryRejoined), ("PgPool no write on a demoted node", results.pgpoolNoDemotedWrite),
        ]
        if let bank = results.bank {
            rows.append(("bank total", bank.bankTotal))
            rows.append(("transfers exactly once", bank.transfersExactlyOnce
                ?? InvariantVerdict(holds: false, note: "not judged: the bank could not be read back (\(bank.readBackError ?? "unknown"))")))
        }
        return rows
    }

    /// The bank's figures in one line.
    static func bankLine(_ bank: BankResults) -> String {
        "Bank: \(bank.transfersOK) transfers acknowledged, \(bank.transfersDeclined) declined (too little money), "
            + "\(bank.transfersFailed) failed, \(bank.transfersAmbiguous) ambiguous (\(bank.ambiguousApplied) of them applied), "
            + "\(bank.retries) retried after a serialization failure or deadlock; \(bank.checksOK) checks of every balance "
            + "(\(bank.checksFailed) failed\(bank.checksBeforeOpening.map { $0 > 0 } ?? false ? ", \(bank.checksBeforeOpening ?? 0) answered before that server had the accounts" : ""))."
    }

    /// RTO by layer as (label, ns after the fault).
    static func layers(_ layers: LayerTimeline) -> [(label: String, ns: Int64?)] {
        [
            ("leader key changed", layers.leaderKeyChangedNs), ("new primary promoted", layers.promotionNs),
            ("PgPool switched primary", layers.pgpoolSwitchNs), ("first ack, direct", layers.firstAckDirectNs),
            ("first ack, PgPool", layers.firstAckPgpoolNs),
        ]
    }
}
