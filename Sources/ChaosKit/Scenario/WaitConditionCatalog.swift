// Conditions a `wait` step can wait for, each with a timeout.

extension KindCatalog {
    /// The wait conditions.
    public static let waitConditions = KindCatalog(family: "wait condition", kinds: [
        KindDefinition("new_leader", "a different member holds the leader key", parameters: [timeout()]),
        KindDefinition("healthy", "one leader, all replicas streaming, PgPool sees all nodes, etcd has quorum", parameters: [timeout()]),
        KindDefinition("writes_ok", "every writer path has acknowledged a write again", parameters: [timeout()]),
        KindDefinition(
            "leader_is", "a given member is leader",
            parameters: [ParameterSpec("member", .target, required: true, "the expected leader"), timeout()]),
        KindDefinition("old_primary_rejoined", "the primary from before the first fault is streaming again", parameters: [timeout()]),
    ])

    private static func timeout() -> ParameterSpec {
        ParameterSpec("timeout", .duration, default: .duration(.seconds(60)), "give up (and fail the step) after this long")
    }
}
