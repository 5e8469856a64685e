// The built `chaos` binary as scripts and people use it: every `--format json` document decodes, values of
// typed options are listed and checked, `--format` outside its list is a usage error (exit 2), results go to
// standard output and everything else to standard error, colour only on a terminal without NO_COLOR, `init`
// writes a scenario that validates, and the man page is generated from the same definitions.
// No root and no cluster needed.

import ChaosKit
import Foundation
import Testing

@Suite struct CommandLineTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    static let binary = root.appendingPathComponent(".build/debug/chaos").path

    /// Runs chaos in the repository root with a private lab directory (so nothing of a real lab is read).
    func chaos(_ arguments: [String], environment extra: [String: String] = [:]) -> CommandResult {
        var environment = ["CHAOS_LAB_DIR": NSTemporaryDirectory() + "chaos-cli-test-lab", "CHAOS_LAB_NETWORK": "test"]
        environment.merge(extra) { _, new in new }
        return CommandRunner().run(["/bin/sh", "-c", "cd '\(Self.root.path)' && exec \"$@\"", "sh", Self.binary] + arguments,
                                   environment: environment, timeout: .seconds(60))
    }

    func decode<T: Decodable>(_ type: T.Type, _ result: CommandResult) throws -> T {
        try JSONDecoder().decode(T.self, from: Data(result.standardOutput.utf8))
    }

    @Test func listPrintsOneDocumentAScriptCanRead() throws {
        let result = chaos(["list", "--format", "json"])
        #expect(result.status == 0, "\(result.standardError)")
        let entries = try decode([ScenarioListEntry].self, result)
        #expect(entries.count >= 14 && entries.allSatisfy(\.valid))
        let primaryKill = try #require(entries.first { $0.file == "scenarios/primary-kill.yaml" })
        #expect(primaryKill.variables.map(\.name) == ["rate"] && primaryKill.variables.first?.value == "100")
        let fast = try decode([ScenarioListEntry].self, chaos(["list", "--format", "json", "--var", "rate=300"]))
        #expect(fast.first { $0.file == "scenarios/primary-kill.yaml" }?.variables.first?.value == "300")
    }

    @Test func validateAndDryRunDocuments() throws {
        let validation = chaos(["validate", "--all", "--format", "json"])
        #expect(validation.status == 0, "\(validation.standardError)")
        let entries = try decode([ValidationEntry].self, validation)
        #expect(entries.allSatisfy(\.valid) && entries.count >= 14)
        let plans = try decode([PlanDocument].self, chaos(["run", "scenarios/primary-kill.yaml", "--var", "rate=50", "--var", "rate=200", "--dry-run", "--format", "json"]))
        #expect(plans.map { $0.variables["rate"] } == ["50", "200"])
        let yaml = chaos(["run", "scenarios/primary-kill.yaml", "--dry-run", "--format", "yaml"])
        #expect(yaml.status == 0 && yaml.standardOutput.contains("title: Primary crash"), "\(yaml.standardOutput)")
    }

    @Test func predictPrintsTheModelsIntervalsAsADocument() throws {
        let documents = try decode([PredictionDocument].self, chaos(["predict", "scenarios/primary-kill.yaml", "scenarios/switchover.yaml", "--format", "json"]))
        #expect(documents.map(\.file) == ["scenarios/primary-kill.yaml", "scenarios/switchover.yaml"])
        #expect(documents[0].prediction.prediction(for: "rto.direct").map { ($0.low, $0.unit) } ?? (0, .count) == (9, .seconds))
        #expect(documents[1].prediction.predictions.isEmpty && documents[1].prediction.unmodelled != nil)
        let text = chaos(["predict", "scenarios/primary-kill.yaml"])
        #expect(text.status == 0 && text.standardOutput.contains("rto.direct") && text.standardOutput.contains("9–11.7 s"), "\(text.standardOutput)")
    }

    @Test func aBadVariableIsRefusedWithTheFlagNamed() {
        let wrongType = chaos(["validate", "scenarios/primary-kill.yaml", "--var", "rate=fast"])
        #expect(wrongType.status == 2)
        #expect(wrongType.standardError.contains("--var rate=fast: 'fast' is not writes per second"), "\(wrongType.standardError)")
        let unknown = chaos(["run", "--all", "--dry-run", "--var", "rat=5"])
        #expect(unknown.status == 2)
        #expect(unknown.standardError.contains("none of the") && unknown.standardError.contains("did you mean 'rate'?"), "\(unknown.standardError)")
        let malformed = chaos(["validate", "scenarios/primary-kill.yaml", "--var", "rate"])
        #expect(malformed.status == 2 && malformed.standardError.contains("write NAME=VALUE"))
    }

    @Test func benchRefusesBadFlagsAndFilesBeforeTouchingAnything() {
        let zero = chaos(["bench", "--clients", "0,4", "--dry-run"])
        #expect(zero.status == 2)
        #expect(zero.standardError.contains("chaos bench: error: --clients: must be at least 1"), "\(zero.standardError)")
        let typo = chaos(["bench", "--targets", "direct,pgpol", "--dry-run"])
        #expect(typo.status == 2 && typo.standardError.contains("--targets") && typo.standardError.contains("'pgpool'"), "\(typo.standardError)")
        let file = chaos(["bench", "scenarios/primary-kill.yaml", "--dry-run"])
        #expect(file.status == 2 && file.standardError.contains("scenarios/primary-kill.yaml:") && file.standardError.contains("chaos run"), "\(file.standardError)")
        let both = chaos(["bench", "scenarios/benchmarks/smoke.yaml", "--clients", "4"])
        #expect(both.status == 2 && both.standardError.contains("not both"), "\(both.standardError)")
        let plan = chaos(["bench", "scenarios/benchmarks/smoke.yaml", "--dry-run"])
        #expect(plan.status == 0 && plan.standardOutput.contains("8 cells") && plan.standardOutput.contains("1. single select-only c=1 #1"), "\(plan.standardOutput)")
    }

    @Test func faultListAndCompareDocuments() throws {
        let faults = chaos(["fault", "list", "--format", "json"])
        #expect(faults.status == 0, "\(faults.standardError)")
        #expect(try decode(FaultListDocument.self, faults).faults.isEmpty)
        let missing = chaos(["compare", "/nonexistent/run", "--format", "json"])
        #expect(missing.status == 2 && missing.standardOutput.isEmpty)
    }

    @Test func formatsAndTypedOptionsOutsideTheirListAreUsageErrors() {
        let format = chaos(["list", "--format", "xml"])
        #expect(format.status == 2)
        #expect(format.standardError.contains("text") && format.standardError.contains("json"), "\(format.standardError)")
        let profile = chaos(["lab", "up", "--profile", "fastest"])
        #expect(profile.status == 2)
        let platform = chaos(["fault", "list", "--platform", "kubernetes"])
        #expect(platform.status == 2)
        let help = chaos(["lab", "up", "--help"]).standardOutput
        #expect(help.contains("patroni-default") && help.contains("async"), "\(help)")
    }

    @Test func completionsListFaultKindsFromTheCatalog() {
        let script = chaos(["--generate-completion-script", "bash"]).standardOutput
        for kind in KindCatalog.faults.names { #expect(script.contains(kind), "\(kind) is not completed") }
    }

    @Test func theEnvironmentIsInTheTopLevelHelp() {
        let help = chaos(["--help"]).standardOutput
        for name in ["CHAOS_PLATFORM", "CHAOS_LAB_DIR", "CHAOS_LAB_NETWORK", "CHAOS_INFRA_DIR", "NO_COLOR"] {
            #expect(help.contains(name), "\(name) missing from chaos --help")
        }
    }

    @Test func resultsOnStandardOutputEverythingElseOnStandardError() {
        let broken = NSTemporaryDirectory() + "chaos-broken-\(UUID().uuidString).yaml"
        try? "title: t\nmethod:\n  - fault: kil\n".write(toFile: broken, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(atPath: broken) }
        let result = chaos(["validate", "scenarios/primary-kill.yaml", broken])
        #expect(result.status == 2)
        #expect(result.standardOutput == "scenarios/primary-kill.yaml: ok\n", "\(result.standardOutput)")
        #expect(result.standardError.contains("\(broken):3:12: error") && result.standardError.contains("1 of 2"))
        let quiet = chaos(["init", "quiet-one", "--scenario-directory", NSTemporaryDirectory() + "chaos-init-\(UUID().uuidString)", "--quiet"])
        #expect(quiet.status == 0 && quiet.standardError.isEmpty, "\(quiet.standardError)")
        let both = chaos(["list", "--quiet", "--verbose"])
        #expect(both.status == 2)
    }

    @Test func colourOnlyOnATerminalAndNeverWithNoColor() throws {
        // script(1) gives the command a pseudo-terminal.
        let scriptPath = "/usr/bin/script"
        try #require(FileManager.default.isExecutableFile(atPath: scriptPath), "script(1) (bsdutils) is missing")
        let command = "cd '\(Self.root.path)' && \(Self.binary) validate scenarios/primary-kill.yaml"
        let coloured = CommandRunner().run([scriptPath, "-qec", command, "/dev/null"], environment: ["TERM": "xterm"])
        #expect(coloured.standardOutput.contains("\u{1B}[32mok"), "\(coloured.standardOutput.debugDescription)")
        let plain = CommandRunner().run([scriptPath, "-qec", command, "/dev/null"], environment: ["TERM": "xterm", "NO_COLOR": "1"])
        #expect(plain.standardOutput.contains("ok") && !plain.standardOutput.contains("\u{1B}["), "\(plain.standardOutput.debugDescription)")
        let dumb = CommandRunner().run([scriptPath, "-qec", command, "/dev/null"], environment: ["TERM": "dumb"])
        #expect(!dumb.standardOutput.contains("\u{1B}["))
        #expect(!chaos(["validate", "scenarios/primary-kill.yaml"]).standardOutput.contains("\u{1B}["), "colour in a pipe")
    }

    @Test func initWritesAScenarioThatValidates() throws {
        let directory = NSTemporaryDirectory() + "chaos-init-\(UUID().uuidString)"
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let fresh = chaos(["init", "my-failover", "--scenario-directory", directory])
        #expect(fresh.status == 0, "\(fresh.standardError)")
        #expect(fresh.standardOutput == directory + "/my-failover.yaml\n")
        let check = chaos(["validate", directory + "/my-failover.yaml", "--var", "rate=20", "--var", "target=replica"])
        #expect(check.status == 0, "\(check.standardError)")
        #expect(chaos(["init", "my-failover", "--scenario-directory", directory]).status == 2, "an existing file was overwritten")
        let copy = chaos(["init", "mine", "--from", "primary-kill", "--scenario-directory", directory])
        #expect(copy.status == 0 && chaos(["validate", directory + "/mine.yaml"]).status == 0)
        let typo = chaos(["init", "x", "--from", "primary-kil", "--scenario-directory", directory])
        #expect(typo.status == 2 && typo.standardError.contains("did you mean 'primary-kill'?"), "\(typo.standardError)")
    }

    @Test func explainDescribesKindsAndMetrics() {
        let kill = chaos(["explain", "kill"])
        #expect(kill.status == 0 && kill.standardOutput.contains("fault kind") && kill.standardOutput.contains("signal"))
        let typo = chaos(["explain", "rto.pgpol"])
        #expect(typo.status == 2 && typo.standardError.contains("did you mean 'rto.pgpool'?"))
    }

    @Test(.enabled(if: FileManager.default.fileExists(atPath: manPage), "the man page is generated by scripts/install-man.sh (scripts/test.sh runs it)"))
    func theManPageCoversEveryCommand() throws {
        let page = try String(contentsOfFile: Self.manPage, encoding: .utf8)
        for command in ["validate", "list", "run", "init", "explain", "lab", "fault", "recover", "measure", "schema", "report", "compare"] {
            #expect(page.contains(command), "\(command) is not in chaos.1")
        }
        #expect(page.contains("format"))
    }

    static let manPage = root.appendingPathComponent(".build/plugins/GenerateManual/outputs/chaos/chaos.1").path

    @Test func aGamedaysPageNeedsAFreeAddressAndANoteARunningGameday() throws {
        // A port already taken: refused before anything touches a cluster, and nothing is left listening.
        let taken = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        defer { close(taken) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafeMutablePointer(to: &address) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(taken, $0, length) == 0 && listen(taken, 1) == 0 && getsockname(taken, $0, &length) == 0 }
        }
        try #require(bound)
        let port = UInt16(bigEndian: address.sin_port)
        let busy = chaos(["gameday", "--free", "--no-dashboard", "--keys", "/dev/null", "--web", "127.0.0.1:\(port)"])
        #expect(busy.status == 3 && busy.standardError.contains("cannot serve the dashboard on 127.0.0.1:\(port)"), "\(busy.status) \(busy.standardError)")
        let malformed = chaos(["gameday", "--free", "--web", "localhost"])
        #expect(malformed.status == 2 && malformed.standardError.contains("host:port"), "\(malformed.standardError)")
        let both = chaos(["gameday", "--free", "scenarios/primary-kill.yaml"])
        #expect(both.status == 2 && both.standardError.contains("either FILE or --free"), "\(both.standardError)")
        let note = chaos(["note", "nobody is listening"])
        #expect(note.status == 3 && note.standardError.contains("no game day is running"), "\(note.standardError)")
    }
}
