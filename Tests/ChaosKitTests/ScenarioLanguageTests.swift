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
        let config = KernelConfig(text: "CONFIG_NET_SCH_TBF=y\n# CONFIG_NET_SCH_NETEM is not set\nCONFIG_NETFILTER_XT_MATCH_STATISTIC=m\n")
        #expect(config.value(of: "CONFIG_NET_SCH_TBF") == "y")
        #expect(config.value(of: "CONFIG_NET_SCH_NETEM") == nil)
        #expect(config.value(of: "CONFIG_NETFILTER_XT_MATCH_STATISTIC") == "m")
    }
}
