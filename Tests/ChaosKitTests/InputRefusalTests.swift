// Input the validator and the command line must refuse cleanly: file:line:col (or the flag) and exit 2, never
// a crash, a YAML error about a file nobody wrote, or sysexits' 64.

import Foundation
import Testing
@testable import ChaosKit

@Suite struct InputRefusalTests {
    let loader = ScenarioLoader(capabilities: .everything)

    func errors(_ yaml: String) -> [String] {
        loader.load(text: yaml, file: "t.yaml").diagnostics.filter { $0.severity == .error }.map(\.description)
    }

    @Test func killRefusesStopSignalsAndPointsAtPause() {
        let found = errors("title: t\nmethod:\n  - fault: kill\n    target: primary\n    signal: SIGSTOP\n")
        #expect(found.count == 1)
        #expect(found.first?.contains("t.yaml:3:5: error") == true && found.first?.contains("fault: pause") == true, "\(found)")
        #expect(errors("title: t\nmethod:\n  - fault: kill\n    target: primary\n    signal: SIGTERM\n").isEmpty)
    }

    @Test func aPgbenchLoadIsCheckedAndItsMetricsNeedOne() {
        let method = "method:\n  - fault: kill\n    target: primary\n"
        let noLoad = errors("title: t\n" + method + "hypotheses:\n  - throughput.recovery < 30s\n")
        #expect(noLoad.count == 1 && noLoad.first?.contains("t.yaml:6:5") == true && noLoad.first?.contains("pgbench") == true, "\(noLoad)")
        let load = "workload:\n  pgbench:\n    clients: 8\n    mode: tpcb-like\n    path: pgpool\n"
        #expect(errors("title: t\n" + load + method + "hypotheses:\n  - throughput.recovery < 30s\n").isEmpty)
        let bad = errors("title: t\nworkload:\n  pgbench:\n    clients: 0\n    mode: tpcb\n    path: replica\n    scael: 2\n" + method)
        #expect(bad.count == 4, "\(bad)")
        #expect(bad.contains { $0.hasPrefix("t.yaml:4:14") && $0.contains("at least 1") })
        #expect(bad.contains { $0.hasPrefix("t.yaml:5:11") && $0.contains("tpcb-like") })
        #expect(bad.contains { $0.hasPrefix("t.yaml:7:5") && $0.contains("scale") })
    }

    @Test func readersAreCheckedAndTheirMetricsNeedThem() throws {
        let method = "method:\n  - fault: kill\n    target: primary\n"
        let noReaders = errors("title: t\n" + method + "hypotheses:\n  - reads.stale.max < 1s\n")
        #expect(noReaders.count == 1 && noReaders.first?.contains("t.yaml:6:5") == true && noReaders.first?.contains("readers") == true, "\(noReaders)")
        let readers = "workload:\n  readers:\n    - pgpool\n    - path: replica\n      rate: 20\n"
        let loaded = loader.load(text: "title: t\n" + readers + method + "hypotheses:\n  - reads.rto.pgpool < 30s\n  - reads.violations.monotonic == 0\n", file: "t.yaml")
        #expect(loaded.diagnostics.filter { $0.severity == .error }.isEmpty, "\(loaded.diagnostics)")
        let scenario = try #require(loaded.scenario)
        #expect(scenario.workload.readers == [ReaderSpec(path: .pgpool, rate: 50), ReaderSpec(path: .replica, rate: 20)])
        let onlyPgpool = errors("title: t\nworkload:\n  readers: [pgpool]\n" + method + "hypotheses:\n  - reads.rto.replica < 30s\n")
        #expect(onlyPgpool.count == 1 && onlyPgpool.first?.contains("replica reader") == true, "\(onlyPgpool)")
        let bad = errors("title: t\nworkload:\n  readers:\n    - path: replcia\n    - rate: 5\n    - pgpool\n    - pgpool\n    - path: replica\n      rate: 0\n" + method)
        #expect(bad.count == 4, "\(bad)")
        #expect(bad.contains { $0.hasPrefix("t.yaml:4:13") && $0.contains("replica") })
        #expect(bad.contains { $0.hasPrefix("t.yaml:5:7") && $0.contains("needs a path") })
        #expect(bad.contains { $0.hasPrefix("t.yaml:7:7") && $0.contains("second pgpool reader") })
        #expect(bad.contains { $0.hasPrefix("t.yaml:9:13") && $0.contains("at least 1") })
    }

    @Test func nanPercentagesAndSubUnitTimeoutsAreRefusedWhereTheyAre() {
        #expect(errors("title: t\nmethod:\n  - fault: packet_loss\n    target: replica\n    percent: nan\n").first?.hasPrefix("t.yaml:5:14:") == true)
        #expect(errors("title: t\nworkload:\n  timeout: 0.4ms\nmethod:\n  - wait: 1s\n").first?.hasPrefix("t.yaml:3:12:") == true)
        #expect(errors("title: t\nmethod:\n  - wait: 1s\nhypotheses:\n  - rpo.lost == nan\n").first?.hasPrefix("t.yaml:5:17:") == true)
    }

    @Test func commandLineValuesCannotAddKeysOrBreakTheDocument() throws {
        // A quote in the target is part of the target's name, not YAML.
        guard case .failure(let quoted) = loader.faultInvocation(kind: "kill", parameters: [("target", "pri'mary")]) else {
            Issue.record("a target with a quote was accepted"); return
        }
        #expect(quoted.diagnostics.map(\.message).joined().contains("unknown role or member 'pri'mary'"))
        // A newline cannot smuggle a second key in: the value is one YAML value (here a syntax error).
        guard case .failure(let smuggled) = loader.faultInvocation(
            kind: "kill", parameters: [("target", "replica"), ("signal", "SIGTERM\nservice: postgres")]) else {
            Issue.record("a value with a newline was accepted"); return
        }
        #expect(smuggled.diagnostics.first?.keyPath == "signal")
        // Values are still YAML where they should be: a list of groups.
        let partition = try loader.faultInvocation(kind: "partition", parameters: [("groups", "[[primary], [replica, etcd]]")]).get()
        #expect(partition.kind == "partition")
        let target = try loader.faultInvocation(kind: "kill", parameters: [("target", "2 of etcd")]).get()
        #expect(target.parameters["target"]?.targetValue?.description == "2 of etcd")
    }

    @Test func probeURLsAreHTTPOnly() {
        for bad in ["file:///etc/shadow", "-K/etc/shadow", "gopher://x", "http://", "http://a b", "ftp://10.203.0.21/"] {
            #expect(ProbeURL.problem(with: bad) != nil, "\(bad)")
        }
        #expect(ProbeURL.problem(with: "http://10.203.0.21:8008/health") == nil)
        #expect(ProbeURL.problem(with: "https://localhost/metrics") == nil)
        #expect(ProbeURL.curlArguments("-K/etc/shadow").suffix(2) == ["--url", "-K/etc/shadow"])
        let found = errors("title: t\nmethod:\n  - probe: http\n    url: -K/etc/shadow\n")
        #expect(found.first?.hasPrefix("t.yaml:4:10:") == true, "\(found)")
    }

    @Test func shellCommandsAreListed() throws {
        let yaml = "title: t\nsteady_state:\n  - probe: shell\n    command: 'test -e /tmp'\nmethod:\n  - action: shell\n    command: echo hi\n"
        let scenario = try #require(loader.load(text: yaml, file: "t.yaml").scenario)
        #expect(scenario.shellCommands.map(\.command) == ["test -e /tmp", "echo hi"])
        #expect(scenario.shellCommands.map(\.location.line) == [3, 6])
    }

    @Test func unknownHealReferencesGetABoundedNumberOfSuggestions() {
        var yaml = "title: t\nmethod:\n"
        for i in 0..<200 { yaml += "  - name: f\(i)\n    fault: pause\n    target: pg1\n  - heal: g\(i)\n" }
        let found = errors(yaml)
        #expect(found.count == 200)
        #expect(found.filter { $0.contains("did you mean") }.count == ScenarioChecks.suggestionLimit)
    }

    @Test func filesTooLargeDirectoriesAndMissingFilesAreNamed() throws {
        let directory = NSTemporaryDirectory() + "chaos-input-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: directory) }
        #expect(loader.load(fileAt: directory).diagnostics.first?.message.contains("is a directory") == true)
        #expect(loader.load(fileAt: directory + "/nope.yaml").diagnostics.first?.message.contains("no such file") == true)
        let big = directory + "/big.yaml"
        try String(repeating: "# padding line of a scenario that is far too large\n", count: 25_000).write(toFile: big, atomically: true, encoding: .utf8)
        #expect(loader.load(fileAt: big).diagnostics.first?.message.contains("larger than 1 MiB") == true)
    }

    static let chaosBinary = ScenarioLibraryTests.repositoryRoot.appendingPathComponent(".build/debug/chaos").path

    @Test(.enabled(if: FileManager.default.isExecutableFile(atPath: chaosBinary), "needs .build/debug/chaos (swift build)"))
    func usageErrorsExitTwoAsDocumented() {
        let runner = CommandRunner()
        for arguments in [["validate", "--bogus"], ["run", "--repeat"], ["fault", "inject"], ["run", "--repeat", "0", "x.yaml"], ["frobnicate"]] {
            let result = runner.run([Self.chaosBinary] + arguments, timeout: .seconds(20))
            #expect(result.status == 2, "chaos \(arguments.joined(separator: " ")) exited \(result.status): \(result.standardError)")
            #expect(!result.standardError.isEmpty)
        }
        let help = runner.run([Self.chaosBinary, "--help"], timeout: .seconds(20))
        #expect(help.status == 0)
        let directory = runner.run([Self.chaosBinary, "validate", "/tmp"], timeout: .seconds(20))
        #expect(directory.status == 2)
        #expect(directory.standardError.contains("/tmp:1:1: error: is a directory") && !directory.standardError.contains("NSCocoaErrorDomain"))
    }
}

@Suite struct ManualFaultOverlapTests {
    @Test(.enabled(if: FileManager.default.isExecutableFile(atPath: InputRefusalTests.chaosBinary), "needs .build/debug/chaos (swift build)"))
    func faultInjectRefusesWhileAnEarlierFaultIsInEffect() throws {
        // A lab state directory with an inventory, credentials and a journal holding one unhealed fault. No
        // cluster runs: the refusal must come before anything is planned or touched.
        let state = NSTemporaryDirectory() + "chaos-overlap-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: state, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: state) }
        try FaultPlanningTests.inventory().write(to: state + "/inventory.json")
        try JSONEncoder().encode(ClusterCredentials.generate()).write(to: URL(fileURLWithPath: state + "/credentials.json"))
        let journal = FaultJournal(stateDirectory: state)
        try journal.append(FaultJournalRecord(
            event: .inject, id: "f-earlier", kind: "pause", target: "pg2", undo: [.resumeService(node: "pg2", service: "patroni")], run: "manual", at: "t"))
        let environment = ["CHAOS_LAB_DIR": state, "CHAOS_PLATFORM": "local"]
        let result = CommandRunner().run(
            [InputRefusalTests.chaosBinary, "fault", "inject", "kill", "--target", "pg3"], environment: environment, timeout: .seconds(20))
        #expect(result.status == 3, "\(result.status): \(result.standardError)")
        #expect(result.standardError.contains("f-earlier") && result.standardError.contains("--allow-overlap"))
        #expect(try journal.records().count == 1, "the refused fault was journaled")
        // A damaged line in the middle of the journal is reported by number.
        try journal.append(FaultJournalRecord(event: .healed, id: "f-earlier", at: "t"))
        let handle = try #require(FileHandle(forWritingAtPath: journal.path))
        handle.seekToEndOfFile()
        handle.write(Data("{\"event\":\"inj\n".utf8))
        try handle.close()
        try journal.append(FaultJournalRecord(event: .healed, id: "f-other", at: "t"))
        let list = CommandRunner().run([InputRefusalTests.chaosBinary, "fault", "list"], environment: environment, timeout: .seconds(20))
        #expect(list.status == 0)
        #expect(list.standardError.contains("line(s) 3 cannot be read"), "\(list.standardError)")
    }
}
