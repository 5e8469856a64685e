// Targets, expressions, suggestions, plans and kernel capabilities.

import Testing
@testable import ChaosKit

@Suite struct ScenarioLanguageTests {
    let members = ClusterMembers.labDefault

    @Test func parsesTargets() throws {
        #expect(try TargetSelector.parse("primary", members: members).get() == TargetSelector(.primary))
        #expect(try TargetSelector.parse("2 of etcd", members: members).get() == TargetSelector(.etcd, count: .exactly(2)))
        #expect(try TargetSelector.parse("all of replica", members: members).get() == TargetSelector(.replica, count: .all))
        #expect(try TargetSelector.parse("pg2", members: members).get() == TargetSelector(.member("pg2")))
    }

    @Test func rejectsBadTargets() {
        #expect(throws: TargetSelector.ParseError.self) { try TargetSelector.parse("3 of replica", members: members).get() }
        #expect(throws: TargetSelector.ParseError.self) { try TargetSelector.parse("zero of etcd", members: members).get() }
        #expect(throws: TargetSelector.ParseError.self) { try TargetSelector.parse("pg9", members: members).get() }
    }

    @Test func parsesExpressionsWithTypes() throws {
        let rto = try Expression.parse("rto.direct < 15s", scope: .result).get()
        #expect(rto.op == .less)
        #expect(rto.literal == .duration(.seconds(15)))
        let lost = try Expression.parse("rpo.lost == 0", scope: .result).get()
        #expect(lost.literal == .number(0))
        let invariant = try Expression.parse("invariant.single_writer", scope: .result).get()
        #expect(invariant.op == nil)
    }

    @Test func rejectsTypeMismatches() {
        #expect(throws: Expression.ParseError.self) { try Expression.parse("rpo.lost < 5s", scope: .result).get() }
        #expect(throws: Expression.ParseError.self) { try Expression.parse("invariant.single_writer < 1", scope: .result).get() }
        #expect(throws: Expression.ParseError.self) { try Expression.parse("rto.direct", scope: .result).get() }
    }

    @Test func suggestsCloseWordsOnly() {
        #expect(Suggestion.closest(to: "primay", among: ["primary", "replica"]) == "primary")
        #expect(Suggestion.closest(to: "stpe", among: ["step", "stop"]) != nil)
        #expect(Suggestion.closest(to: "banana", among: ["primary", "replica"]) == nil)
    }

    @Test func backgroundStepsDoNotHoldTheMethod() throws {
        let text = """
            title: t
            method:
              - fault: pause
                target: replica
                duration: 20s
                background: true
              - wait: 5s
              - name: late
                wait: 1s
                after: 30s
            """
        let scenario = try #require(ScenarioLoader(capabilities: .everything).load(text: text, file: "t.yaml").scenario)
        let plan = RunPlan(scenario)
        #expect(plan.steps.map(\.earliestStart) == [.zero, .zero, .seconds(30)])
        #expect(plan.methodLength.latest == .seconds(31))
    }

    @Test func kernelConfigDecidesCapabilities() {
        let config = KernelConfig(text: "CONFIG_NET_SCH_TBF=y\n# CONFIG_NET_SCH_NETEM is not set\nCONFIG_NETFILTER_XT_MATCH_STATISTIC=m\nCONFIG_IP_NF_FILTER=m\n")
        #expect(config.value(of: "CONFIG_NET_SCH_TBF") == "y")
        #expect(config.value(of: "CONFIG_NET_SCH_NETEM") == nil)
        // What the validator gets from that kernel: tbf built in, netem absent, a module that is installed and one that is not.
        let capabilities = PlatformCapabilities.capabilities(of: config, release: "6.1.0-test") { $0 == "iptable_filter" }
        #expect(capabilities.availability(of: .tbf) == .supported)
        #expect(capabilities.availability(of: .netem) == .unsupported("kernel 6.1.0-test is built without CONFIG_NET_SCH_NETEM"))
        #expect(capabilities.availability(of: .iptables) == .supported)
        guard case .unsupported(let why) = capabilities.availability(of: .iptablesStatistic) else {
            Issue.record("a module that is not installed counted as available"); return
        }
        #expect(why.contains("xt_statistic"))
        // …and the validator refuses latency on it, naming the option, while bandwidth passes.
        let loader = ScenarioLoader(capabilities: capabilities)
        let latency = loader.load(text: "title: t\nmethod:\n  - fault: latency\n    target: replica\n    delay: 100ms\n", file: "t.yaml")
        #expect(latency.diagnostics.map(\.message).joined().contains("CONFIG_NET_SCH_NETEM"))
        #expect(loader.load(text: "title: t\nmethod:\n  - fault: bandwidth\n    target: replica\n    rate: 1mbit\n", file: "t.yaml").isValid)
    }
}
