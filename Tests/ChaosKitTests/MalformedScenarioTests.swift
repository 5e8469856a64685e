// Every malformed scenario in the corpus yields its own precise message at the right line and column.

import Foundation
import Testing
@testable import ChaosKit

/// One expected diagnostic: file, position and a phrase of the message.
struct ExpectedDiagnostic: Sendable, CustomTestStringConvertible {
    let file: String
    let line: Int
    let column: Int
    let phrase: String
    var suggestion: String? = nil

    var testDescription: String { file }
}

@Suite struct MalformedScenarioTests {
    /// A kernel without netem, like this lab's, whatever machine the tests run on.
    static let loader = ScenarioLoader(capabilities: PlatformCapabilities([
        .netem: .unsupported("kernel built without CONFIG_NET_SCH_NETEM"), .tbf: .supported,
        .iptables: .supported, .iptablesStatistic: .supported,
    ]))

    static let corpus: [ExpectedDiagnostic] = [
        .init(file: "01-yaml-syntax", line: 5, column: 1, phrase: "did not find expected ',' or ']' (while parsing a flow sequence that starts at line 4, column 13)"),
        .init(file: "02-unknown-top-key", line: 2, column: 1, phrase: "unknown key 'methdo' in a scenario", suggestion: "method"),
        .init(file: "03-unknown-step-key", line: 4, column: 5, phrase: "unknown key 'targt'", suggestion: "target"),
        .init(file: "04-unknown-fault", line: 3, column: 12, phrase: "unknown fault kind 'kil'", suggestion: "kill"),
        .init(file: "05-unknown-role", line: 4, column: 13, phrase: "unknown role or member 'primay'", suggestion: "primary"),
        .init(file: "06-unitless-duration", line: 5, column: 15, phrase: "'30' has no unit"),
        .init(file: "07-negative-duration", line: 3, column: 11, phrase: "'-5s' is negative"),
        .init(file: "08-bad-unit", line: 3, column: 11, phrase: "'5 sec' has an unknown unit"),
        .init(file: "09-unknown-metric", line: 5, column: 5, phrase: "unknown metric 'rto.drect'", suggestion: "rto.direct"),
        .init(file: "10-heal-missing-step", line: 6, column: 5, phrase: "step 'kill-primery' that does not exist", suggestion: "kill-primary"),
        .init(file: "11-duplicate-step-name", line: 7, column: 5, phrase: "duplicate step name 'pause-it' (first at line 3)"),
        .init(file: "12-empty-method", line: 2, column: 9, phrase: "the method is empty"),
        .init(file: "13-missing-method", line: 1, column: 1, phrase: "needs a 'method'"),
        .init(file: "14-missing-title", line: 1, column: 1, phrase: "needs a 'title'"),
        .init(file: "15-wrong-type-rate", line: 3, column: 9, phrase: "expected a whole number, found 'fast'"),
        .init(file: "16-wrong-type-method", line: 3, column: 3, phrase: "expected a list, found a mapping"),
        .init(file: "17-latency-without-netem", line: 3, column: 5, phrase: "fault 'latency' needs tc netem"),
        .init(file: "18-two-kinds", line: 5, column: 5, phrase: "a step does one thing; it already has 'fault'"),
        .init(file: "19-missing-target", line: 3, column: 5, phrase: "kill needs 'target'"),
        .init(file: "20-bad-signal", line: 5, column: 13, phrase: "unknown signal 'SIGKLL'", suggestion: "SIGKILL"),
        .init(file: "21-count-of-singular", line: 4, column: 13, phrase: "'primary' is a single node"),
        .init(file: "22-too-many", line: 4, column: 13, phrase: "asks for 4 but the cluster has at most 3"),
        .init(file: "23-percent-out-of-range", line: 5, column: 14, phrase: "must be at most 100, found 150"),
        .init(file: "24-duration-metric-unitless", line: 5, column: 18, phrase: "'rto.direct' is a duration: '15' has no unit"),
        .init(file: "25-single-equals", line: 5, column: 5, phrase: "'=' is not an operator; use =="),
        .init(file: "26-result-metric-in-abort", line: 5, column: 5, phrase: "'rpo.lost' is only known after the run"),
        .init(file: "27-unknown-wait-condition", line: 3, column: 11, phrase: "unknown wait condition 'new_leadr'", suggestion: "new_leader"),
        .init(file: "28-unknown-profile", line: 3, column: 12, phrase: "unknown timing profile 'fastest'", suggestion: "fast"),
        .init(file: "29-heal-not-a-fault", line: 5, column: 5, phrase: "'settle', which is not a fault"),
        .init(file: "30-heal-one-shot", line: 5, column: 5, phrase: "'move' is a switchover, which acts once and cannot be healed"),
        .init(file: "31-sync-standby-async", line: 3, column: 5, phrase: "sync_standby exists only with synchronous replication"),
        .init(file: "32-partition-one-group", line: 4, column: 13, phrase: "needs at least two groups, found 1"),
        .init(file: "33-duplicate-key", line: 2, column: 1, phrase: "duplicate key 'title' (first at line 1)"),
        .init(file: "34-metric-for-missing-path", line: 7, column: 5, phrase: "'rto.pgpool' measures the pgpool path"),
        .init(file: "35-bad-step-name", line: 3, column: 11, phrase: "step names are single words"),
        .init(file: "36-unknown-probe-in-steady", line: 3, column: 5, phrase: "steady_state accepts only probe steps, not 'fault'"),
        .init(file: "37-empty-file", line: 1, column: 1, phrase: "the file is empty"),
        .init(file: "38-tab-indent", line: 3, column: 1, phrase: "found character that cannot start any token"),
        .init(file: "39-heal-before-fault", line: 3, column: 5, phrase: "heal of 'later' comes before that fault is injected"),
        .init(file: "40-bad-bandwidth-rate", line: 5, column: 11, phrase: "'1000' is not a rate"),
        .init(file: "41-during-every-out-of-range", line: 5, column: 10, phrase: "evaluate every 100ms to 60s; '10ms' is out of range"),
        .init(file: "42-during-fault", line: 5, column: 5, phrase: "during accepts only probe steps, not 'fault'"),
        .init(file: "43-promql-without-bounds", line: 5, column: 5, phrase: "a promql probe needs min, max or equals"),
        .init(file: "44-during-metric-without-during", line: 5, column: 5, phrase: "counts failures of the `during:` probes, and the scenario has none"),
        .init(file: "45-abort-on-during-without-during", line: 5, column: 5, phrase: "watches the `during:` probes, and the scenario has none"),
    ]

    static func path(of name: String) throws -> String {
        let url = try #require(Bundle.module.url(forResource: "Malformed/\(name)", withExtension: "yaml"))
        return url.path
    }

    @Test(arguments: corpus)
    func reportsPreciseDiagnostic(_ expected: ExpectedDiagnostic) throws {
        let file = try Self.path(of: expected.file)
        let result = Self.loader.load(fileAt: file)
        #expect(!result.isValid)
        let match = result.diagnostics.first { $0.message.contains(expected.phrase) }
        let diagnostic = try #require(match, "no diagnostic containing \"\(expected.phrase)\" in \(result.diagnostics.map(\.description))")
        #expect(diagnostic.location.line == expected.line)
        #expect(diagnostic.location.column == expected.column)
        #expect(diagnostic.suggestion == expected.suggestion)
        #expect(diagnostic.description.hasPrefix("\(file):\(expected.line):\(expected.column): error: "))
    }

    @Test func corpusCoversEveryFileAndEachMessageIsDistinct() throws {
        let directory = try #require(Bundle.module.url(forResource: "Malformed", withExtension: nil))
        let files = try FileManager.default.contentsOfDirectory(atPath: directory.path).filter { $0.hasSuffix(".yaml") }
        #expect(files.count == Self.corpus.count)
        #expect(Set(Self.corpus.map(\.phrase)).count == Self.corpus.count)
    }

    @Test func reportsEveryProblemNotJustTheFirst() {
        let text = """
            title: many problems
            workload:
              rate: -3
            method:
              - fault: kil
                target: primary
              - wait: 10
            hypotheses:
              - rto.direkt < 5s
            """
        let result = Self.loader.load(text: text, file: "many.yaml")
        #expect(result.diagnostics.count == 4)
        #expect(result.diagnostics.map(\.location.line) == [3, 5, 7, 9])
    }
}
