// `chaos study FILE [--seed N] [--yes] [--dry-run] | --resume DIR`: runs a study — scenarios over a matrix of
// cluster settings and variables, repeated, in a seeded random order — into runs/<ts>_study/. Ctrl-C heals the
// faults and keeps what finished; `--resume DIR` goes on without redoing finished runs.

import ArgumentParser
import ChaosKit
import Foundation

struct StudyCommand: ParsableCommand, ConsoleCommand {
    static let configuration = CommandConfiguration(
        commandName: "study", abstract: "Sweep cluster settings and variables over scenarios; tables, figures and the predictions' errors.",
        discussion: """
            A study file (kind: study, see scenarios/studies/). Examples:
              chaos study scenarios/studies/ttl-vs-rto.yaml --dry-run
              chaos study scenarios/studies/ttl-vs-rto.yaml
              chaos study --resume runs/20261201T140000Z_study
            More than \(StudyCommand.confirmAbove) runs need --yes. Exit codes: 0 every run passed · 1 a run failed or
            could not start · 2 invalid input · 3 interrupted or the cluster is not usable.
            """)

    /// Studies larger than this need `--yes`.
    static let confirmAbove = 200

    @Argument(help: ArgumentHelp("The study file (kind: study).", valueName: "file"), completion: .file(extensions: ["yaml", "yml"]))
    var file: String?

    @Option(help: "Continue the study in this folder (runs/<ts>_study): finished runs are kept, the rest run.", completion: .directory)
    var resume: String?

    @Option(help: "Seed of the run order (default: the file's, else random; recorded in study.json).")
    var seed: UInt64?

    @Flag(help: "Run a study of more than \(StudyCommand.confirmAbove) runs.")
    var yes = false

    @Flag(help: "Check the file and print the cells, the order and the estimated time; touch nothing.")
    var dryRun = false

    @Option(help: "Folder for the study folder.", completion: .directory)
    var runsDirectory = "runs"

    @OptionGroup var platform: PlatformOption
    @OptionGroup var confirmation: ConfirmOption
    @OptionGroup var global: GlobalOptions

    func validate() throws {
        guard (file == nil) != (resume == nil) else { throw ValidationError("give a study file, or --resume DIR (not both)") }
    }

    func run() throws {
        StandardOutput.lineBuffered()
        let capabilities = PlatformCapabilities.detectLocalKernel()
        var record: StudyRecord
        let directory: StudyDirectory
        if let resume {
            directory = StudyDirectory(url: URL(fileURLWithPath: resume, isDirectory: true))
            do { record = try directory.read() } catch {
                Console.error("error: \(error)")
                throw ExitCode.invalidInput
            }
            Console.progress("resuming \(record.studyID): \(record.entries.filter { $0.interrupted != true }.count) of \(record.order.count) runs done")
        } else if let file {
            let load = StudyDefinitionReader.load(fileAt: file, capabilities: capabilities)
            for diagnostic in load.diagnostics { Console.error(diagnostic.description) }
            guard let definition = load.definition else { throw ExitCode.invalidInput }
            let seed = seed ?? definition.seed ?? .random(in: 0 ... .max)
            let estimate = Self.estimate(definition, capabilities: capabilities)
            if dryRun {
                print(Self.plan(definition, seed: seed, estimate: estimate))
                return
            }
            if definition.runCount > Self.confirmAbove && !yes {
                Console.error("\(file): \(definition.runCount) runs (about \(Self.hours(estimate * Double(definition.runCount)))) — more than \(Self.confirmAbove); add --yes to run it")
                throw ExitCode.invalidInput
            }
            do { directory = try StudyDirectory.create(under: runsDirectory) } catch {
                Console.error("error: \(error)")
                throw ExitCode.environmentError
            }
            record = StudyRecord(studyID: directory.url.lastPathComponent, startedAt: FaultJournal.timestamp(), definition: definition, seed: seed)
            Console.progress("study \(record.studyID): \(definition.runCount) runs, about \(Self.hours(estimate * Double(definition.runCount))), order from seed \(seed)")
        } else {
            throw ValidationError("give a study file, or --resume DIR")
        }
        let control = RunControl()
        let interrupts = InterruptWatch { signal in
            Console.error("\(signal): healing the faults; finished runs are kept — `chaos study --resume \(directory.url.path)` continues")
            control.abort("interrupted by \(signal)")
        }
        defer { interrupts.stop() }
        let status = StatusLine()
        let cluster = try platform.resolve()
        let runner = StudyRunner(platform: cluster, confirmedCluster: confirmation.confirmed(for: cluster), capabilities: capabilities,
                                 progress: { status.update($0) })
        do {
            try runner.run(&record, in: directory, control: control) { event in
                switch event {
                case .starting(let key, let position, let total, let cell):
                    Console.progress("▶ [\(position)/\(total)] \(URL(fileURLWithPath: key.scenario).deletingPathExtension().lastPathComponent) · \(cell) · repetition \(key.repetition)")
                case .finished(let outcome):
                    status.finish()
                    print(VerdictPrinter.render(outcome, brief: true))
                case .couldNotStart(_, let error):
                    status.finish()
                    Console.error("error: \(error) — recorded; going on with the next run")
                }
            }
        } catch {
            Console.error("error: \(error)")
            throw ExitCode.environmentError
        }
        print("study: \(StudySummaryRenderer.verdicts(record)) — \(directory.url.path)/summary.md (and report.html, results.csv, figures/)")
        if !record.remaining.isEmpty { throw ExitCode.environmentError }
        if record.entries.contains(where: { $0.verdict != "passed" }) { throw ExitCode.hypothesisFailed }
    }

    /// About how long one run takes, in seconds: warm-up, the method if waits end early, cool-down and ~30 s of
    /// preflight, recovery and checks (what primary-kill took here).
    static func estimate(_ definition: StudyDefinition, capabilities: PlatformCapabilities) -> Double {
        let lengths = definition.scenarios.compactMap { ScenarioLoader(capabilities: capabilities).load(fileAt: $0).scenario }.map { scenario in
            let plan = RunPlan(scenario)
            return Double(scenario.workload.warmup.nanoseconds + plan.methodLength.earliest.nanoseconds + scenario.workload.cooldown.nanoseconds) / 1e9 + 30
        }
        return lengths.isEmpty ? 60 : lengths.reduce(0, +) / Double(lengths.count)
    }

    static func hours(_ seconds: Double) -> String {
        seconds < 3600 ? "\(Int((seconds / 60).rounded(.up))) min" : String(format: "%.1f h", seconds / 3600)
    }

    static func plan(_ definition: StudyDefinition, seed: UInt64, estimate: Double) -> String {
        var lines = ["Study: \(definition.title)  (\(definition.file))"]
        lines.append("  scenarios   " + definition.scenarios.joined(separator: ", "))
        for parameter in definition.parameters {
            lines.append("  \(parameter.name)  " + parameter.values.joined(separator: ", ") + (parameter.isClusterSetting ? "  (cluster setting)" : "  (scenario variable)"))
        }
        lines.append("  \(definition.cells.count) cells × \(definition.scenarios.count) scenario(s) × \(definition.repetitions) repetition(s) = \(definition.runCount) runs, about \(hours(estimate * Double(definition.runCount)))")
        lines.append("  order (seed \(seed)):")
        for (index, key) in StudyPlan.order(of: definition, seed: seed).enumerated() {
            let cell = definition.cells.first { $0.index == key.cell }?.label(definition.parameters) ?? ""
            lines.append("    \(index + 1). \(URL(fileURLWithPath: key.scenario).deletingPathExtension().lastPathComponent) · \(cell) · repetition \(key.repetition)")
        }
        return lines.joined(separator: "\n")
    }
}
