// `chaos soak FILE [--duration D] [--seed N] [--dry-run]`: a seeded random schedule of faults for a long time,
// measured as one run; every fault judged on its own (soak.json, soak.md).

import ArgumentParser
import ChaosKit
import Foundation

struct SoakCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "soak",
        abstract: "Run a soak: faults drawn from a seeded schedule for a long time, every one measured on its own.",
        discussion: """
            The soak file (kind: soak) is a scenario's cluster, workload and hypotheses plus `soak:` — its duration, the interval \
            between faults, the recovery bound and the weighted faults. --dry-run prints the schedule and changes nothing; the same \
            file, duration and seed give the same schedule. A cluster that is not healthy again within the recovery bound after a \
            fault stops the soak (everything healed, the report written) and exits 1. Reference: docs/soak.md.
            """)

    @Argument(help: "The soak file.", completion: .file(extensions: ["yaml", "yml"]))
    var file: String
    @Option(help: "Shorten (or lengthen) the soak, e.g. 4m (default: the file's duration).")
    var duration: String?
    @Option(help: "Seed of the schedule (default: the file's seed, else random; recorded).")
    var seed: UInt64?
    @Flag(help: "Print the schedule and change nothing.")
    var dryRun = false
    @Option(help: "Folder for run artifacts.", completion: .directory)
    var runsDirectory = "runs"
    @OptionGroup var platform: PlatformOption
    @OptionGroup var confirmation: ConfirmOption
    @OptionGroup var global: GlobalOptions

    func validate() throws {
        if let duration {
            guard case .success(let value) = ScenarioDuration.parse(duration), value.nanoseconds > 0 else {
                throw ValidationError("--duration '\(duration)' is not a duration; write e.g. 4m or 1h")
            }
        }
    }

    func run() throws {
        StandardOutput.lineBuffered()
        let capabilities = PlatformCapabilities.detectLocalKernel()
        let loaded = SoakDefinitionReader.load(fileAt: file, capabilities: capabilities)
        for diagnostic in loaded.diagnostics { Console.error(diagnostic.description) }
        guard let definition = loaded.definition else { throw ExitCode.invalidInput }
        let length = duration.flatMap { text -> Int64? in if case .success(let value) = ScenarioDuration.parse(text) { return value.nanoseconds }; return nil }
        let seed = seed ?? definition.seed ?? .random(in: 0 ... .max)
        let (schedule, scenario) = try environment { try SoakRunner.plan(definition, durationNs: length, seed: seed, capabilities: capabilities) }
        print("soak: \(definition.title) (\(file)); \(ScenarioDuration(nanoseconds: schedule.durationNs)), seed \(seed), \(schedule.episodes.count) faults")
        for episode in schedule.episodes {
            let lasting = episode.durationNs > 0 ? " for \(ScenarioDuration(nanoseconds: episode.durationNs))" : ""
            print(String(format: "  %3d  %+8.1f s  ", episode.number, Double(episode.startNs) / 1e9) + "\(episode.fault) (\(episode.kind))\(lasting)")
        }
        if dryRun { return }
        let control = RunControl()
        let interrupts = InterruptWatch { signal in control.abort("interrupted by \(signal)") }
        defer { interrupts.stop() }
        let cluster = try platform.resolve()
        let status = StatusLine()
        let engine = RunEngine(platform: cluster, runsDirectory: runsDirectory, confirmedCluster: confirmation.confirmed(for: cluster),
                               progress: { status.update($0) })
        let result = try environment { try SoakRunner(engine: engine, capabilities: capabilities).run(scenario, schedule: schedule, control: control) }
        status.finish()
        print(VerdictPrinter.render(result.outcome, brief: Console.verbosity == .quiet))
        for row in result.soak.distributions {
            let values = row.recovered == 0 ? "never recovered" : String(format: "min %.2f s, median %.2f s, p95 %.2f s, max %.2f s",
                                                                    Double(row.minNs) / 1e9, Double(row.medianNs) / 1e9, Double(row.p95Ns) / 1e9, Double(row.maxNs) / 1e9)
            print("  \(row.fault) on \(row.path.rawValue): \(row.recovered + row.notRecovered) faults, RTO \(values)")
        }
        print("soak summary: \(result.outcome.directory)/\(SoakRecord.summaryFileName)")
        if let stopped = result.soak.stoppedBy {
            Console.error("the soak stopped at episode \(stopped): the cluster was not healthy within the recovery bound")
            throw ExitCode(1)
        }
        if result.outcome.exitCode != 0 { throw ExitCode(result.outcome.exitCode) }
    }
}
