// What the `during:` probes saw, as rows both reports print: one row per probe, then when each failed.

/// The `during:` probes' figures, shared by summary.md, report.html and the terminal verdict.
public enum DuringTable {
    /// The column headers of ``rows(_:origin:)``.
    static let header = ["probe", "kind", "evaluations", "failed", "failing", "what it saw when it failed"]

    /// One row per probe; failing windows as times relative to `origin`.
    static func rows(_ during: ContinuousProbeResults, origin: Int64) -> [[String]] {
        during.probes.map { probe in
            let windows = probe.failedWindows.map { "\(ReportFormat.instant($0.startNs, origin: origin))–\(ReportFormat.instant($0.endNs, origin: origin))" }
            return [
                probe.name, probe.kind, String(probe.evaluations), String(probe.failures),
                windows.isEmpty ? "never" : windows.joined(separator: ", "), probe.examples.joined(separator: "; "),
            ]
        }
    }

    /// What the table means, in one sentence.
    static func legend(_ during: ContinuousProbeResults) -> String {
        "Each probe was evaluated every \(ScenarioDuration(nanoseconds: during.intervalNs)) from the method's start until its faults "
            + "were healed; every evaluation is in during.csv, and failed ones count in during.failures (\(during.failures) in all)."
    }

    /// One terminal line per probe: `never-two-primaries: 15 evaluations, 0 failed`.
    public static func terminalLines(_ during: ContinuousProbeResults, origin: Int64) -> [String] {
        rows(during, origin: origin).map { row in
            "\(row[0]): \(row[2]) evaluations, \(row[3]) failed" + (row[4] == "never" ? "" : " (\(row[4]): \(row[5]))")
        }
    }
}
