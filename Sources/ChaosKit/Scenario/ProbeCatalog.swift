// Every probe kind (steady state, method probes): what it reads and the tolerance it checks.

extension KindCatalog {
    /// The probe kinds.
    public static let probes = KindCatalog(family: "probe kind", kinds: [
        KindDefinition(
            "patroni", "Patroni's view: leaders, running members, replication lag",
            parameters: [
                ParameterSpec("leaders", .integer(min: 0), default: .integer(1), "expected number of leaders"),
                ParameterSpec("running", .integer(min: 0), default: .integer(3), "members in state running/streaming"),
                ParameterSpec("max_lag_bytes", .integer(min: 0), "largest replication lag allowed"),
            ]),
        KindDefinition(
            "sql", "run a query and compare its first value",
            parameters: [
                ParameterSpec("query", .string, required: true, "SQL returning one value"),
                ParameterSpec("expect", .string, required: true, "expected first value, as text"),
                ParameterSpec("path", .choice(["direct", "pgpool"]), default: .string("direct"), "how to connect"),
            ]),
        KindDefinition(
            "etcd", "etcd cluster health",
            parameters: [ParameterSpec("healthy_members", .integer(min: 0), default: .integer(3), "members answering")]),
        KindDefinition(
            "pgpool", "PgPool-II's SHOW POOL_NODES",
            parameters: [
                ParameterSpec("nodes_up", .integer(min: 0), default: .integer(3), "backends with status up"),
                ParameterSpec("primary", .target, "which node PgPool must see as primary"),
            ]),
        KindDefinition(
            "http", "an HTTP GET and its status",
            parameters: [
                ParameterSpec("url", .url, required: true, "http(s) address inside the lab"),
                ParameterSpec("status", .integer(min: 100, max: 599), default: .integer(200), "expected status"),
                ParameterSpec("contains", .string, "text the body must contain"),
            ]),
        KindDefinition(
            "prometheus", "one metric from a Prometheus text endpoint, within bounds",
            parameters: [
                ParameterSpec("url", .url, required: true, "http(s) metrics endpoint"),
                ParameterSpec("metric", .metricSeries, required: true, "metric name, optionally with labels: exactly one series must match"),
                ParameterSpec("min", .number(), "lowest allowed value"),
                ParameterSpec("max", .number(), "highest allowed value"),
            ]),
        KindDefinition(
            "promql", "a PromQL instant query through Prometheus's HTTP API: exactly one value, within bounds or equal within a tolerance",
            parameters: [
                ParameterSpec("query", .string, required: true, "PromQL returning one number (aggregate a vector, e.g. max(...))"),
                ParameterSpec("url", .url, "Prometheus's base URL; default: the cluster's (`chaos lab up --monitoring`, Compose's monitoring profile)"),
                ParameterSpec("min", .number(), "lowest allowed value"),
                ParameterSpec("max", .number(), "highest allowed value"),
                ParameterSpec("equals", .number(), "expected value (with tolerance)"),
                ParameterSpec("tolerance", .number(min: 0), default: .number(0), "how far from equals the value may be"),
            ]),
        KindDefinition(
            "shell", "a shell command and its exit code",
            parameters: [
                ParameterSpec("command", .string, required: true, "run with /bin/sh -c"),
                ParameterSpec("exit_code", .integer(min: 0, max: 255), default: .integer(0), "expected exit code"),
            ]),
    ])
}
