// summary.md of a bench: when and where it ran, what was run, one results table per mode, the errored cells
// and the notes.

/// Renders a bench's summary.md.
public enum BenchSummaryRenderer {
    /// The Markdown summary of a bench.
    public static func render(_ record: BenchRecord) -> String {
        let aggregate = BenchAggregate(record)
        var out = ["# \(BenchFormat.md(record.definition.title))", ""]
        if let interruption = BenchFacts.interruption(record) {
            out += ["> **Interrupted.** \(interruption)", ""]
        }
        out += factTable(BenchFacts.run(record))
        out += ["## Machine", ""] + factTable(BenchFacts.machine(record.environment))
        out += ["## Definition", ""] + factTable(BenchFacts.definition(record.definition, cores: record.environment.cores))
        out += results(aggregate, definition: record.definition)
        out += errors(record)
        if !record.notes.isEmpty {
            out += ["## Notes", ""] + record.notes.map { "- " + BenchFormat.md($0) } + [""]
        }
        return out.joined(separator: "\n")
    }

    private static func factTable(_ rows: [(label: String, value: String)]) -> [String] {
        ["| | |", "|---|---|"] + rows.map { "| \($0.label) | \(BenchFormat.md($0.value)) |" } + [""]
    }

    private static func results(_ aggregate: BenchAggregate, definition: BenchDefinition) -> [String] {
        var out = ["## Results", ""]
        let modes = aggregate.reportedModes(in: definition)
        guard !modes.isEmpty else { return out + ["No cell produced a measurement.", ""] }
        out += [BenchFacts.method, ""]
        let alignment = BenchResultsTable.header.indices.map { BenchResultsTable.numericColumns.contains($0) ? "---:" : "---" }
        for mode in modes {
            let table = BenchResultsTable(aggregate, mode: mode)
            out += ["### \(mode.rawValue)", ""]
            if !table.rows.isEmpty {
                out.append("| " + BenchResultsTable.header.joined(separator: " | ") + " |")
                out.append("|" + alignment.joined(separator: "|") + "|")
                out += table.rows.map { "| " + $0.map(BenchFormat.md).joined(separator: " | ") + " |" }
                out.append("")
            }
            if let sentence = table.unmeasuredSentence { out += [sentence, ""] }
        }
        return out
    }

    private static func errors(_ record: BenchRecord) -> [String] {
        let errored = record.cells.filter { $0.measurement == nil || $0.error != nil }
        guard !errored.isEmpty else { return [] }
        var out = ["## Errored cells", ""]
        for result in errored {
            let what = result.measurement == nil ? "" : " (measured, with an error)"
            out.append("- `\(result.cell.label)`\(what): \(BenchFormat.md(result.error ?? "no measurement and no error recorded"))")
        }
        return out + [""]
    }
}
