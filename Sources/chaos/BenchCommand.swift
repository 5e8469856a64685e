// `chaos bench [FILE…] | --targets … --clients … --mode … --duration …`: runs pgbench benchmarks against the
// cluster (and a standalone baseline) and archives them in runs/<ts>_bench/. Ctrl-C stops pgbench, keeps the
// finished cells and writes the report of what ran.

import ArgumentParser
import ChaosKit
import Foundation

struct BenchCommand: ParsableCommand, ConsoleCommand {
    static let configuration = CommandConfiguration(
        commandName: "bench", abstract: "Benchmark the cluster with pgbench: single node vs direct vs PgPool-II vs replicas.",
        discussion: """
            A definition file (kind: benchmark, see scenarios/benchmarks/) or flags. Examples:
              chaos bench scenarios/benchmarks/ha-cost.yaml
              chaos bench --targets single,direct,pgpool --clients 1,4,16 --mode tpcb-like --duration 60s
            Exit codes: 0 every cell measured · 1 a cell ended in an error · 2 invalid input · 3 the cluster is not usable.
            """)

    @Argument(help: ArgumentHelp("Benchmark definitions (kind: benchmark).", valueName: "file"), completion: .file(extensions: ["yaml", "yml"]))
    var files: [String] = []

    @Option(help: "Targets, comma separated: single, direct, pgpool, replica (default: single,direct,pgpool).")
    var targets: String?

    @Option(help: "Client counts, comma separated (default: 1,4,8,16).")
    var clients: String?

    @Option(name: [.customLong("mode"), .customLong("modes")], help: "Modes, comma separated: tpcb-like, simple-update, select-only, insert (default: tpcb-like).")
    var modes: String?

    @Option(help: "Measured time per cell, e.g. 60s (default: 60s).")
    var duration: String?

    @Option(help: "Warm-up per cell before measuring, e.g. 5s (default: 5s).")
    var warmup: String?

    @Option(help: "Repetitions of every cell, interleaved (default: 1).")
    var repetitions: String?

    @Option(help: "pgbench scale factor -s (default: 1).")
    var scale: String?

    @Option(help: "Replication of the cluster for this bench: async or sync (default: async).")
    var replication: String?

    @Flag(help: "Check the definitions and print the cells; touch nothing.")
    var dryRun = false

    @Flag(help: "Keep pgbench's raw per-transaction logs in the bench folder (large).")
    var keepLogs = false

    @Option(help: "Folder for bench artifacts.", completion: .directory)
    var runsDirectory = "runs"

    @OptionGroup var platform: PlatformOption
    @OptionGroup var global: GlobalOptions

    /// A problem with a flag's value, named by the flag (the YAML built from the flags has no lines a user wrote).
    static func describe(flagDiagnostic diagnostic: Diagnostic) -> String {
        let key = diagnostic.keyPath.split(separator: "[").first.map(String.init) ?? ""
        let flags = ["targets": "--targets", "modes": "--mode", "clients": "--clients", "duration": "--duration", "warmup": "--warmup",
                     "repetitions": "--repetitions", "scale": "--scale", "cluster.replication": "--replication"]
        let flag = flags[key].map { "\($0): " } ?? ""
        let suggestion = diagnostic.suggestion.map { " (did you mean '\($0)'?)" } ?? ""
        return "chaos bench: \(diagnostic.severity.rawValue): \(flag)\(diagnostic.message)\(suggestion)"
    }

    private var hasFlags: Bool {
        [targets, clients, modes, duration, warmup, repetitions, scale, replication].contains { $0 != nil }
    }

    func run() throws {
        StandardOutput.lineBuffered()
        var definitions: [BenchDefinition] = []
        if files.isEmpty {
            let load = BenchDefinitionReader.load(targets: targets, modes: modes, clients: clients, duration: duration, warmup: warmup,
                                                  repetitions: repetitions, scale: scale, replication: replication)
            for diagnostic in load.diagnostics { Console.error(Self.describe(flagDiagnostic: diagnostic)) }
            guard let definition = load.definition else { throw ExitCode.invalidInput }
            definitions.append(definition)
        } else {
            if hasFlags { throw ValidationError("give either definition files or --targets/--clients/… flags, not both") }
            for file in files {
                let load = BenchDefinitionReader.load(fileAt: file)
                for diagnostic in load.diagnostics { Console.error(diagnostic.description) }
                guard let definition = load.definition else { throw ExitCode.invalidInput }
                definitions.append(definition)
            }
        }
        if dryRun {
            for definition in definitions {
                let cells = definition.cells
                print("\(definition.title): \(cells.count) cells of \(definition.warmupSeconds)+\(definition.durationSeconds) s "
                      + "(about \(cells.count * (definition.warmupSeconds + definition.durationSeconds + 4) / 60 + 1) min)")
                for (index, cell) in cells.enumerated() { print("  \(index + 1). \(cell.label)") }
            }
            return
        }
        let stop = StopFlag()
        let interrupts = InterruptWatch { signal in
            Console.error("\(signal): stopping pgbench; the finished cells are kept")
            stop.stopAndWait(timeoutSeconds: 0)
        }
        defer { interrupts.stop() }
        let cluster = try platform.resolve()
        var failed = false
        for definition in definitions {
            var runner = BenchRunner(platform: cluster, runsDirectory: URL(fileURLWithPath: runsDirectory),
                                     progress: { Console.progress($0) }, cancelled: { stop.isStopped })
            runner.keepLogs = keepLogs
            let directory: BenchDirectory
            let record: BenchRecord
            do { (directory, record) = try runner.run(definition) } catch {
                Console.error("error: \(error)")
                throw ExitCode.environmentError
            }
            print(BenchSummaryRenderer.render(record))
            Console.progress("bench folder: \(directory.url.path) (report.html, summary.md, results.csv)")
            if record.hasErrors { failed = true }
            if record.interrupted { throw ExitCode.environmentError }
        }
        if failed { throw ExitCode.hypothesisFailed }
    }
}
