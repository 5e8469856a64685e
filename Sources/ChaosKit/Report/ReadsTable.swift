// What the readers felt, as rows both reports print: one row per read path, then the stale reads kept as examples.

/// The readers' figures as table rows, shared by summary.md and report.html.
enum ReadsTable {
    /// The column headers of ``rows(_:)``.
    static let header = ["reader", "read RTO", "downtime", "max gap", "answered", "failed", "from a standby", "served by", "stale", "stalest", "most writes behind", "went backwards"]

    /// One row per read path.
    static func rows(_ reads: ReadResults) -> [[String]] {
        reads.paths.map { path in
            [
                path.path.rawValue, path.rtoNs.map { ReportFormat.duration($0) } ?? "never recovered", ReportFormat.duration(path.downtimeNs),
                ReportFormat.duration(path.maxGapNs), String(path.ok), String(path.failed), String(path.fromStandby),
                path.nodes.sorted { $0.key < $1.key }.map { "\($0.key) ×\($0.value)" }.joined(separator: ", "),
                String(path.stale), ReportFormat.duration(path.staleMaxNs), String(path.writesBehindMax), String(path.monotonicViolations),
            ]
        }
    }

    /// What the numbers mean, in one sentence.
    static func legend(_ reads: ReadResults) -> String {
        "Readers read the highest seq of the \(reads.sourcePath.rawValue) writer's rows. A read is stale when it missed a write "
            + "acknowledged before it began (\"stalest\": how long before the read its first missed write was acknowledged); it "
            + "went backwards when it saw less than an earlier read on the same path."
    }

    /// One line per stale read kept as an example, times relative to `origin`.
    static func exampleLines(_ reads: ReadResults, origin: Int64) -> [String] {
        reads.examples.map { read in
            "\(read.path.rawValue) at \(ReportFormat.instant(read.startNs, origin: origin)) on \(read.node ?? "?"): saw seq \(read.seenSeq), "
                + "\(read.expectedSeq) acknowledged — \(read.writesBehind) write\(read.writesBehind == 1 ? "" : "s") behind, "
                + "\(ReportFormat.duration(read.stalenessNs)) stale"
        }
    }
}
