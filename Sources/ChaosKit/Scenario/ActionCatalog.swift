// One-shot actions a method or rollback may take (they change something but are not faults to heal).

extension KindCatalog {
    /// The action kinds.
    public static let actions = KindCatalog(family: "action kind", kinds: [
        KindDefinition(
            "sql", "run a statement",
            parameters: [
                ParameterSpec("query", .string, required: true, "SQL to run"),
                ParameterSpec("path", .choice(["direct", "pgpool"]), default: .string("direct"), "how to connect"),
            ]),
        KindDefinition(
            "checkpoint", "run CHECKPOINT on a node",
            parameters: [ParameterSpec("target", .target, default: .target(TargetSelector(.primary)), "which node")]),
        KindDefinition(
            "shell", "run a shell command on the runner's host",
            parameters: [ParameterSpec("command", .string, required: true, "run with /bin/sh -c")]),
        KindDefinition(
            "heal_all", "heal every fault still in effect",
            parameters: []),
    ])
}
