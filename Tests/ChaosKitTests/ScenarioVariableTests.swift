// Scenario variables: declared types and defaults, values from --var and --var-file (file < flag), a name
// given twice as a small sweep, every refusal at file:line:col (or naming the flag) with did-you-mean, and
// ${env:NAME} secrets that never reach a run's files.

import Foundation
import Testing
@testable import ChaosKit

@Suite struct ScenarioVariableTests {
    static let parameterized = """
        title: t
        variables:
          rate: {type: rate, default: 100}
          hold: {type: duration, default: 5s}
          who: {type: target, default: replica}
        workload:
          rate: ${rate}
        method:
          - name: f
            fault: kill
            target: ${who}
          - wait: ${hold}

        """

    func load(_ yaml: String, flags: [String] = [], files: [String] = [], environment: [String: String] = [:]) -> ScenarioLoadResult {
        var loader = ScenarioLoader(capabilities: .everything)
        loader.environment = environment
        if case .success(let sets) = VariableSettings.parse(flags: flags, files: files) { loader.variables = sets[0] }
        return loader.load(text: yaml, file: "t.yaml")
    }

    func errors(_ result: ScenarioLoadResult) -> [String] {
        result.diagnostics.filter { $0.severity == .error }.map(\.description)
    }

    func varFile(_ text: String) throws -> String {
        let path = NSTemporaryDirectory() + "chaos-vars-\(UUID().uuidString).yaml"
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    @Test func defaultsApplyAndFlagsOverrideThem() throws {
        let plain = try #require(load(Self.parameterized).scenario)
        #expect(plain.workload.rate == 100)
        #expect(plain.variableValues == ["rate": "100", "hold": "5s", "who": "replica"])
        let set = try #require(load(Self.parameterized, flags: ["rate=250", "who=primary"]).scenario)
        #expect(set.workload.rate == 250)
        #expect(set.variableValues["who"] == "primary")
        guard case .fault(let invocation) = set.method[0].action else { Issue.record("not a fault"); return }
        #expect(invocation.parameters["target"]?.description == "primary")
    }

    @Test func aVarFileIsOverriddenByAFlag() throws {
        let file = try varFile("rate: 40\nhold: 2s\n")
        defer { try? FileManager.default.removeItem(atPath: file) }
        let fromFile = try #require(load(Self.parameterized, files: [file]).scenario)
        #expect(fromFile.workload.rate == 40 && fromFile.variableValues["hold"] == "2s")
        let both = try #require(load(Self.parameterized, flags: ["rate=60"], files: [file]).scenario)
        #expect(both.workload.rate == 60 && both.variableValues["hold"] == "2s")
    }

    @Test func aNameGivenTwiceIsOneRunPerValue() throws {
        guard case .success(let sets) = VariableSettings.parse(flags: ["rate=50", "rate=200", "who=primary"], files: []) else {
            Issue.record("refused"); return
        }
        #expect(sets.map { $0.values["rate"]?.value } == ["50", "200"])
        #expect(sets.allSatisfy { $0.values["who"]?.value == "primary" })
    }

    @Test(arguments: [
        (VariableType.duration, "30s", "30"), (.rate, "5000", "5001"), (.integer, "-3", "2.5"), (.number, "2.5", "nan"),
        (.bitrate, "10mbit", "10 mbit"), (.target, "2 of etcd", "2 of primary"), (.boolean, "false", "no"),
    ])
    func eachTypeTakesItsValuesAndRefusesOthers(_ type: VariableType, _ good: String, _ bad: String) {
        #expect(type.problem(with: good, members: ClusterMembers.labDefault) == nil)
        #expect(type.problem(with: bad, members: ClusterMembers.labDefault) != nil)
    }

    @Test func aValueOfTheWrongTypeNamesTheFlagAndTheDeclaration() {
        let found = errors(load(Self.parameterized, flags: ["rate=fast"]))
        #expect(found == ["t.yaml:3:3: error: variables.rate: --var rate=fast: 'fast' is not writes per second, a whole number from 1 to 5000"], "\(found)")
    }

    @Test func aBadValueInAVarFileIsReportedThere() throws {
        let file = try varFile("hold: 5s\nrate: lots\n")
        defer { try? FileManager.default.removeItem(atPath: file) }
        let found = errors(load(Self.parameterized, files: [file]))
        #expect(found.count == 1 && found[0].hasPrefix("\(file):2:7: error: variables.rate:"), "\(found)")
    }

    @Test func aFlagForAnUndeclaredVariableSuggestsTheClosest() {
        let found = errors(load(Self.parameterized, flags: ["rte=5"]))
        #expect(found.count == 1)
        #expect(found.first?.contains("--var rte=5: the scenario has no variable 'rte'") == true)
        #expect(found.first?.hasSuffix("(did you mean 'rate'?)") == true, "\(found)")
    }

    @Test func anUndeclaredReferenceIsRefusedWhereItIs() {
        let found = errors(load("title: t\nvariables:\n  rate: {type: rate, default: 1}\nworkload:\n  rate: ${rat}\nmethod:\n  - wait: 1s\n"))
        #expect(found.first?.hasPrefix("t.yaml:5:9: error: workload.rate: '${rat}' names no variable") == true, "\(found)")
        #expect(found.first?.hasSuffix("(did you mean 'rate'?)") == true)
    }

    @Test func aVariableWithoutDefaultMustBeSet() throws {
        let yaml = "title: t\nvariables:\n  hold: {type: duration}\nmethod:\n  - wait: ${hold}\n"
        let found = errors(load(yaml))
        #expect(found.first?.hasPrefix("t.yaml:3:3: error: variables.hold: variable 'hold' has no default") == true, "\(found)")
        #expect(found.first?.contains("--var hold=VALUE") == true)
        #expect(try #require(load(yaml, flags: ["hold=3s"]).scenario).method[0].name.isEmpty == false)
    }

    @Test func declarationsAreChecked() {
        #expect(errors(load("title: t\nvariables:\n  r: {type: speed}\nmethod:\n  - wait: ${r}\n")).first?.hasPrefix("t.yaml:3:13:") == true)
        let refusedDefault = errors(load("title: t\nvariables:\n  r: {type: rate, default: 0}\nmethod:\n  - wait: 1s\n"))
        #expect(refusedDefault.count == 1 && refusedDefault.first?.hasPrefix("t.yaml:3:28:") == true, "\(refusedDefault)")
        #expect(errors(load("title: t\nvariables:\n  2x: {type: rate}\nmethod:\n  - wait: 1s\n")).first?.hasPrefix("t.yaml:3:3:") == true)
        let unused = load("title: t\nvariables:\n  r: {type: rate, default: 1}\nmethod:\n  - wait: 1s\n").diagnostics
        #expect(unused.contains { $0.severity == .warning && $0.message.contains("never used") })
    }

    @Test func interpolationInsideTextAndTheLiteralEscape() throws {
        let yaml = "title: 'at ${rate}/s, $${literal}'\nvariables:\n  rate: {type: rate, default: 7}\nworkload:\n  rate: ${rate}\nmethod:\n  - wait: 1s\n"
        #expect(try #require(load(yaml).scenario).title == "at 7/s, ${literal}")
        #expect(errors(load("title: '${rate'\nmethod:\n  - wait: 1s\n")).first?.contains("'${' is not closed") == true)
    }

    @Test func environmentSecretsAreSubstitutedAndRemembered() throws {
        let yaml = "title: t\nmethod:\n  - action: shell\n    command: 'curl -u admin:${env:CHAOS_SECRET} x'\n"
        let scenario = try #require(load(yaml, environment: ["CHAOS_SECRET": "hunter2"]).scenario)
        #expect(scenario.secretValues == ["hunter2"])
        #expect(scenario.variableValues.isEmpty)
        let missing = errors(load(yaml))
        #expect(missing.first?.hasPrefix("t.yaml:4:29: error: method[0].command: environment variable CHAOS_SECRET is not set") == true, "\(missing)")
    }

    @Test func aRunFolderNeverHoldsASecret() throws {
        let folder = URL(fileURLWithPath: NSTemporaryDirectory() + "chaos-secret-\(UUID().uuidString)", isDirectory: true)
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        var record = SyntheticRun.record()
        record.reason = "probe failed: curl -u admin:hunter2 http://x"
        record.variables = ["rate": "100"]
        let directory = RunDirectory(url: folder, secrets: ["hunter2"])
        let read = ReadRecord(path: .pgpool, seq: 1, startNs: 0, endNs: 1, outcome: .connectionError, message: "password hunter2 refused")
        try directory.finish(record, ops: SyntheticRun.ops(), events: SyntheticRun.events(), reads: [read])
        for file in RunDirectory.File.allCases where ![.scenario, .throughput, .metrics, .bank].contains(file) {
            let text = try String(contentsOf: directory.url(of: file), encoding: .utf8)
            #expect(!text.contains("hunter2"), "\(file.rawValue) holds the secret")
        }
        let reread = try RunDirectory(url: folder).readRecord()
        #expect(reread.reason == "probe failed: curl -u admin:[secret] http://x")
        #expect(reread.variables == ["rate": "100"])
        #expect(try String(contentsOf: directory.url(of: .summary), encoding: .utf8).contains("| Variables | rate=100 |"))
    }
}

@Suite struct SuiteVariableLabelTests {
    @Test func runsOfOneFileWithDifferentValuesAreSummarisedApart() throws {
        var loader = ScenarioLoader(capabilities: .everything)
        guard case .success(let sets) = VariableSettings.parse(flags: ["rate=50", "rate=200"], files: []) else { Issue.record("refused"); return }
        let scenarios = try sets.map { settings in
            loader.variables = settings
            return try #require(loader.load(text: ScenarioVariableTests.parameterized, file: "p.yaml").scenario)
        }
        #expect(SuiteRunner.labels(of: scenarios) == ["p [hold=5s, rate=50, who=replica]", "p [hold=5s, rate=200, who=replica]"])
        #expect(SuiteRunner.labels(of: [scenarios[0], scenarios[0]]) == ["p", "p"])
    }
}
