// `chaos fault inject KIND … | heal ID | list` and `chaos recover`: faults by hand, journaled like a run's.

import ArgumentParser
import ChaosKit
import Foundation

struct FaultCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "fault", abstract: "Inject, heal and list faults by hand (game days, debugging); journaled like a run's.",
        subcommands: [Inject.self, Heal.self, List.self])
}

extension FaultCommand {
    struct Inject: ParsableCommand, ConsoleCommand {
        static let configuration = CommandConfiguration(
            abstract: "Inject one fault now; it stays until `chaos fault heal ID` (or --duration passes with --wait).",
            discussion: "Example: chaos fault inject partition --set 'groups=[[primary],[replica, etcd]]' --duration 30s --wait")

        @Argument(help: ArgumentHelp("Fault kind: \(KindCatalog.faults.names.joined(separator: ", ")) (`chaos explain KIND` describes one)."),
                  completion: .list(KindCatalog.faults.names))
        var kind: String

        @Option(help: "Target: primary, replica, sync_standby, etcd_leader, etcd_follower, pgpool, a member, 'N of ROLE'.")
        var target: String?

        @Option(help: "Heal after this long (with --wait).")
        var duration: String?

        @Option(name: .customLong("set"), help: "Another parameter as key=value (value is YAML), e.g. signal=SIGTERM, percent=30.")
        var parameters: [String] = []

        @Flag(help: "Stay until --duration passes, then heal (Ctrl-C heals at once).")
        var wait = false

        @Flag(help: "Inject even though an earlier fault is still in effect (never one that changes the same thing).")
        var allowOverlap = false

        @Flag(help: "Plan the fault against the cluster as it is now and print what it would do (on --platform ssh: the exact remote commands); change nothing.")
        var dryRun = false

        @Option(help: "Seed for random target picks (default: random, printed).")
        var seed: UInt64?

        @OptionGroup var platform: PlatformOption
        @OptionGroup var confirmation: ConfirmOption
        @OptionGroup var output: FormatOption
        @OptionGroup var global: GlobalOptions

        func run() throws {
            var pairs: [(key: String, value: String)] = []
            if let target { pairs.append(("target", target)) }
            if let duration { pairs.append(("duration", duration)) }
            for parameter in parameters {
                guard let equals = parameter.firstIndex(of: "=") else { throw ValidationError("--set wants key=value, got '\(parameter)'") }
                pairs.append((String(parameter[..<equals]), String(parameter[parameter.index(after: equals)...])))
            }
            let invocation: KindInvocation
            switch ScenarioLoader(capabilities: .detectLocalKernel()).faultInvocation(kind: kind, parameters: pairs) {
            case .success(let value): invocation = value
            case .failure(let failure):
                for diagnostic in failure.diagnostics { Console.error(diagnostic.description.replacingOccurrences(of: "method[0].", with: "")) }
                throw ExitCode.invalidInput
            }
            let cluster = try platform.resolve()
            let seed = self.seed ?? UInt64.random(in: 0 ... .max)
            if dryRun { return try rehearse(invocation, on: cluster, seed: seed) }
            try confirmation.check(cluster)
            let injector = try environment { try FaultInjector.forPlatform(cluster, runID: "manual") }
            let open = try environment { try JournalReport.unhealed(injector.journal) }
            if !open.isEmpty, !allowOverlap {
                Console.error("error: \(open.count) earlier fault(s) still in effect: "
                    + open.map { "\($0.record.id) (\($0.record.kind ?? "?") on \($0.record.target ?? "?"))" }.joined(separator: ", "))
                Console.error("  → heal them (`chaos fault heal ID`, `chaos recover`), or add --allow-overlap to inject alongside them")
                throw ExitCode.environmentError
            }
            let fault = try environment { try injector.inject(invocation, seed: seed) }
            if !output.isDocument {
                print("\(fault.id)  \(fault.plan.kind) on \(fault.plan.targets.joined(separator: ", "))  (seed \(seed))")
                for operation in fault.plan.operations { print("  did: \(operation)") }
                if fault.plan.isHealable { for undo in fault.plan.undo { print("  undo: \(undo)") } }
            }
            guard fault.plan.isHealable, wait, let held = invocation.parameters["duration"]?.durationValue else {
                if output.isDocument { try output.emit(InjectionDocument(fault, seed: seed)) } else if fault.plan.isHealable {
                    print("heal with: chaos fault heal \(fault.id)")
                }
                return
            }
            // Until the heal is done, an interrupt (a second Ctrl-C, an ssh session dropping) only says to wait.
            let interrupts = InterruptWatch { _ in }
            defer { interrupts.stop() }
            Console.progress("holding \(fault.id) for \(held); Ctrl-C heals at once")
            let interrupted = interrupts.waitForInterrupt(seconds: held.seconds)
            let report = injector.heal(fault)
            if output.isDocument { try output.emit(InjectionDocument(fault, seed: seed, heal: report)) } else { printHeal(report) }
            if interrupted || !report.healed { throw ExitCode.environmentError }
        }

        /// `--dry-run`: the plan, and on the ssh platform every command that would run.
        private func rehearse(_ invocation: KindInvocation, on cluster: any ClusterPlatform, seed: UInt64) throws {
            if let ssh = cluster as? SSHPlatform {
                let rehearsal = try environment { try ssh.rehearse(invocation, seed: seed) }
                print("dry run: \(rehearsal.plan.kind) on \(rehearsal.plan.targets.joined(separator: ", ")) (seed \(seed)); nothing was changed")
                for command in rehearsal.commands { print("  would run: \(command)") }
                for undo in rehearsal.plan.undo { print("  undo: \(undo)") }
                return
            }
            let injector = try environment { try FaultInjector.forPlatform(cluster, runID: "dry-run") }
            let plan = try environment { try injector.plan(invocation, seed: seed) }
            print("dry run: \(plan.kind) on \(plan.targets.joined(separator: ", ")) (seed \(seed)); nothing was changed")
            for operation in plan.operations { print("  would do: \(operation)") }
            for undo in plan.undo { print("  undo: \(undo)") }
        }
    }

    struct Heal: ParsableCommand, ConsoleCommand {
        static let configuration = CommandConfiguration(abstract: "Heal one journaled fault by id.")

        @Argument(help: "Fault id (see `chaos fault list`).")
        var id: String

        @OptionGroup var platform: PlatformOption
        @OptionGroup var output: FormatOption
        @OptionGroup var global: GlobalOptions

        func run() throws {
            let injector = try environment { try FaultInjector.forPlatform(platform.resolve(), runID: "manual") }
            let report = try environment { try injector.heal(journalID: id) }
            if output.isDocument { try output.emit(HealDocument(report)) } else { printHeal(report) }
            if !report.healed { throw ExitCode.environmentError }
        }
    }

    struct List: ParsableCommand, ConsoleCommand {
        static let configuration = CommandConfiguration(abstract: "List faults that are still in effect (unhealed in the journal).")

        @OptionGroup var platform: PlatformOption
        @OptionGroup var output: FormatOption
        @OptionGroup var global: GlobalOptions

        func run() throws {
            let journal = try platform.resolve().journal
            let open = try environment { try JournalReport.unhealed(journal) }
            if output.isDocument { return try output.emit(FaultListDocument(journal: journal.path, faults: open.map(FaultListEntry.init))) }
            if open.isEmpty { print("no fault in effect (\(journal.path))"); return }
            print(Terminal.table(["ID", "KIND", "TARGET", "RUN", "SINCE"], open.map {
                [$0.record.id, $0.record.kind ?? "?", $0.record.target ?? "?", $0.record.run ?? "?", $0.record.at]
            }))
        }
    }
}

struct RecoverCommand: ParsableCommand, ConsoleCommand {
    static let configuration = CommandConfiguration(
        commandName: "recover", abstract: "Undo every fault a crashed or interrupted run (or a person) left in effect.")

    @OptionGroup var platform: PlatformOption

    @Flag(help: "Return once the faults are undone, without waiting for the cluster to be healthy again.")
    var noWait = false

    @Option(help: "How long to wait for a healthy cluster after undoing (seconds).")
    var healthTimeout = 120

    @OptionGroup var output: FormatOption
    @OptionGroup var global: GlobalOptions

    func validate() throws {
        guard (1...3600).contains(healthTimeout) else { throw ValidationError("--health-timeout must be 1…3600 seconds") }
    }

    func run() throws {
        let cluster = try platform.resolve()
        let injector = try environment { try FaultInjector.forPlatform(cluster, runID: "recover") }
        _ = try environment { try JournalReport.unhealed(injector.journal) }
        let reports = try environment { try injector.recover() }
        if !output.isDocument {
            if reports.isEmpty { print("nothing to recover: the fault journal has no unhealed entry (\(injector.journal.path))") }
            reports.forEach(printHeal)
        }
        let left = reports.filter { !$0.healed }
        if !left.isEmpty {
            if output.isDocument { try output.emit(RecoveryDocument(heals: reports, healthySeconds: nil, intervention: nil)) }
            Console.error("still in effect: " + left.map { "\($0.id) (\($0.summary))" }.joined(separator: ", "))
            Console.error("  → fix what the ✗ lines name and run `chaos recover` again; it retries every undo")
            throw ExitCode.environmentError
        }
        guard !reports.isEmpty, !noWait else {
            if output.isDocument { try output.emit(RecoveryDocument(heals: reports, healthySeconds: nil, intervention: nil)) }
            return
        }
        // Undone is not yet recovered: wait for the cluster, restarting a wedged PgPool-II only as a last resort,
        // and say so when that was needed.
        let wait = try environment { try cluster.awaitHealth(timeout: .seconds(healthTimeout), progress: { Console.progress("  \($0)") }) }
        if output.isDocument {
            return try output.emit(RecoveryDocument(heals: reports, healthySeconds: wait.elapsed.timeInterval, intervention: wait.intervention))
        }
        if let intervention = wait.intervention { print("intervention: \(intervention)") }
        print("cluster healthy \(seconds(wait.elapsed)) after the undo")
    }
}

/// Prints what a heal did.
func printHeal(_ report: HealReport) {
    print("\(report.healed ? Colour.green.paint("healed") : Colour.red.paint("NOT healed")) \(report.id) (\(report.summary))")
    for step in report.steps {
        let mark = step.outcome == "ok" ? Colour.green.paint("✓") : Colour.red.paint("✗")
        print("  \(mark) \(step.action)\(step.outcome == "ok" ? "" : ": \(step.outcome)")")
    }
    if let journalError = report.journalError { print("  ✗ marking it healed in the journal: \(journalError)") }
    for note in report.notes { print("  note: \(note)") }
}

/// Reads the journal for a command, warning about damaged lines on standard error.
enum JournalReport {
    /// The unhealed faults; damaged lines (which may have been faults) are named on standard error.
    static func unhealed(_ journal: FaultJournal) throws -> [UnhealedFault] {
        let contents = try journal.read()
        if !contents.damagedLines.isEmpty {
            Console.error("warning: \(journal.path): line(s) \(contents.damagedLines.map(String.init).joined(separator: ", ")) "
                + "cannot be read; if one was a fault, undo it by hand (see docs/faults.md)")
        }
        return FaultJournal.unhealed(in: contents.records)
    }
}

/// Runs an environment step; its error is printed and becomes exit code 3.
func environment<T>(_ body: () throws -> T) throws -> T {
    do { return try body() } catch let error as ExitCode { throw error } catch {
        Console.error("error: \(error)")
        throw ExitCode.environmentError
    }
}

extension String {
    func ifEmpty(_ replacement: String) -> String { isEmpty ? replacement : self }
}
