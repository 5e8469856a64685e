// The JSON Schema of scenario files, generated from the same catalogs the loader checks against,
// so editors (YAML language server) complete and check exactly what `chaos validate` accepts.

import Foundation

/// Generates `scenarios/schema.json`.
public enum ScenarioSchema {
    /// The schema as pretty-printed JSON with sorted keys (stable, so it can be committed and compared).
    public static func json() throws -> String {
        let data = try JSONSerialization.data(withJSONObject: document(), options: [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes])
        return String(decoding: data, as: UTF8.self) + "\n"
    }


    /// The schema of benchmark definitions (`kind: benchmark`, `chaos bench`), pretty-printed with sorted keys.
    public static func benchmarkJSON() throws -> String {
        let paths = ["targets": BenchTarget.allCases.map(\.rawValue), "modes": BenchMode.allCases.map(\.rawValue)]
        let document: [String: Any] = [
            "$schema": "http://json-schema.org/draft-07/schema#",
            "$id": "https://chaos.invalid/benchmark-v1.json",
            "title": "chaos benchmark definition (version 1)",
            "description": "A pgbench benchmark of the cluster against a standalone baseline. Reference: docs/bench.md.",
            "type": "object", "additionalProperties": false, "required": ["kind"],
            "properties": [
                "kind": ["const": "benchmark"],
                "version": ["const": 1],
                "title": ["type": "string"],
                "description": ["type": "string"],
                "targets": ["type": "array", "minItems": 1, "uniqueItems": true, "items": ["enum": paths["targets"]!]],
                "modes": ["type": "array", "minItems": 1, "uniqueItems": true, "items": ["enum": paths["modes"]!]],
                "clients": ["type": "array", "minItems": 1, "uniqueItems": true,
                            "items": ["type": "integer", "minimum": 1, "maximum": BenchDefinitionReader.maximumClients]],
                "duration": duration("Measured time per cell (whole seconds, at least 2s)."),
                "warmup": duration("Time each cell runs before it is measured."),
                "repetitions": ["type": "integer", "minimum": 1, "maximum": 100],
                "scale": ["type": "integer", "minimum": 1, "maximum": 1000, "description": "pgbench -s"],
                "threads": ["type": "integer", "minimum": 1, "maximum": 64, "description": "pgbench -j (default: one per CPU, at most one per client)"],
                "cluster": cluster(),
                "keep": ["type": "boolean", "description": "Keep pgbench's tables and the baseline afterwards."],
            ] as [String: Any],
        ]
        let data = try JSONSerialization.data(withJSONObject: document, options: [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes])
        return String(decoding: data, as: UTF8.self) + "\n"
    }

    /// The schema of study files (`kind: study`, `chaos study`), pretty-printed with sorted keys.
    public static func studyJSON() throws -> String {
        let values: [String: Any] = ["type": "array", "minItems": 1, "uniqueItems": true,
                                     "items": ["anyOf": [["type": "string"], ["type": "number"], ["type": "boolean"]]]]
        let document: [String: Any] = [
            "$schema": "http://json-schema.org/draft-07/schema#",
            "$id": "https://chaos.invalid/study-v1.json",
            "title": "chaos study (version 1)",
            "description": "Scenarios over a matrix of cluster settings and variables, repeated, in a seeded order. Reference: docs/studies.md.",
            "type": "object", "additionalProperties": false, "required": ["kind", "scenarios", "parameters"],
            "properties": [
                "kind": ["const": "study"],
                "version": ["const": 1],
                "title": ["type": "string"],
                "description": ["type": "string"],
                "scenarios": ["type": "array", "minItems": 1, "items": ["type": "string"], "description": "Scenario files, relative to the study file."],
                "parameters": [
                    "type": "object", "minProperties": 1,
                    "description": "Each key a cluster setting (\(StudyClusterSetting.names.joined(separator: ", "))) or a variable every scenario declares; each value the list to sweep.",
                    "additionalProperties": values,
                ] as [String: Any],
                "repetitions": ["type": "integer", "minimum": 1, "maximum": 100],
                "metrics": ["type": "array", "items": ["type": "string"], "description": "Result metrics to record besides the headline ones."],
                "seed": ["type": "integer", "minimum": 0, "description": "Seed of the run order."],
            ] as [String: Any],
        ]
        let data = try JSONSerialization.data(withJSONObject: document, options: [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes])
        return String(decoding: data, as: UTF8.self) + "\n"
    }

    /// The schema of soak files (`kind: soak`, `chaos soak`): a scenario's keys without `method:`, plus `soak:`;
    /// pretty-printed with sorted keys.
    public static func soakJSON() throws -> String {
        var document = document()
        document["$id"] = "https://chaos.invalid/soak-v1.json"
        document["title"] = "chaos soak (version 1)"
        document["description"] = "Faults drawn at random from a seed for a long time, each measured on its own. Reference: docs/soak.md."
        document["required"] = ["kind", "title", "soak"]
        var properties = document["properties"] as? [String: Any] ?? [:]
        properties["method"] = nil
        properties["kind"] = ["const": "soak"]
        let faults = stepVariants(kindKey: "fault", catalog: .faults).map { variant -> [String: Any] in
            var variant = variant
            var stepProperties = variant["properties"] as? [String: Any] ?? [:]
            stepProperties["background"] = nil
            stepProperties["after"] = nil
            stepProperties["weight"] = ["type": "number", "minimum": 0, "description": "How often this fault is drawn, relative to the others."]
            variant["properties"] = stepProperties
            variant["required"] = ["name", "weight"] + (variant["required"] as? [String] ?? [])
            return variant
        }
        properties["soak"] = [
            "type": "object", "additionalProperties": false, "required": ["faults"],
            "properties": [
                "duration": duration("How long the faults go on (--duration overrides; default 1h)."),
                "interval": ["type": "string", "description": "Between the starts of two faults: fixed (90s) or drawn evenly from a range (90s..120s)."],
                "recovery": duration("After a fault is healed, the cluster must be healthy within this, or the soak stops."),
                "first_fault": duration("The writers' baseline before the first fault (default 10s)."),
                "seed": ["type": "integer", "minimum": 0, "description": "The schedule's seed (--seed overrides; default random, always recorded)."],
                "faults": ["type": "array", "minItems": 1, "items": ["anyOf": faults], "description": "Each a fault step plus a name and a weight."],
            ] as [String: Any],
        ] as [String: Any]
        document["properties"] = properties
        let data = try JSONSerialization.data(withJSONObject: document, options: [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes])
        return String(decoding: data, as: UTF8.self) + "\n"
    }

    static func document() -> [String: Any] {
        [
            "$schema": "http://json-schema.org/draft-07/schema#",
            "$id": "https://chaos.invalid/scenario-v1.json",
            "title": "chaos scenario (version 1)",
            "description": "A chaos experiment against a PostgreSQL HA cluster. Reference: docs/scenarios.md.",
            "type": "object",
            "additionalProperties": false,
            "required": ["title", "method"],
            "properties": [
                "version": ["const": 1, "description": "Scenario format version."],
                "title": ["type": "string", "description": "A short title."],
                "description": ["type": "string", "description": "What the experiment teaches."],
                "tags": ["type": "array", "items": ["type": "string"]],
                "cluster": cluster(),
                "steady_state": ["type": "array", "items": ["anyOf": stepVariants(kindKey: "probe", catalog: .probes)]],
                "workload": workload(),
                "method": ["type": "array", "minItems": 1, "items": ["$ref": "#/definitions/step"]],
                "during": during(),
                "hypotheses": ["type": "array", "items": hypothesis()],
                "abort_when": ["type": "array", "items": expression(scope: .live)],
                "variables": variables(),
                "rollbacks": [
                    "type": "array",
                    "items": ["anyOf": stepVariants(kindKey: "action", catalog: .actions) + [healStep()]],
                ],
            ] as [String: Any],
            "definitions": [
                "step": [
                    "anyOf": stepVariants(kindKey: "fault", catalog: .faults) + stepVariants(kindKey: "action", catalog: .actions)
                        + stepVariants(kindKey: "probe", catalog: .probes) + stepVariants(kindKey: "wait", catalog: .waitConditions)
                        + [sleepStep(), healStep()]
                ]
            ],
        ]
    }

    private static func cluster() -> [String: Any] {
        [
            "type": "object", "additionalProperties": false,
            "properties": [
                "profile": ["enum": TimingProfile.allCases.map(\.rawValue), "description": "Patroni timing profile."],
                "replication": ["enum": ReplicationMode.allCases.map(\.rawValue)],
                "failsafe": ["type": "boolean", "description": "Patroni failsafe_mode."],
                "ttl": seconds("Patroni ttl, seconds (over the profile's); loop_wait + 2 × retry_timeout ≤ ttl."),
                "loop_wait": seconds("Patroni loop_wait, seconds."),
                "retry_timeout": seconds("Patroni retry_timeout, seconds."),
                "maximum_lag_on_failover": [
                    "anyOf": [["type": "integer", "minimum": 0], ["type": "string", "pattern": "^[0-9.]+ ?([kKMGT]i?B|B)$"]],
                    "description": "Patroni maximum_lag_on_failover: bytes or a size (1MB).",
                ] as [String: Any],
                "synchronous_mode_strict": ["type": "boolean", "description": "Patroni synchronous_mode_strict (needs replication: sync)."],
                "pgpool_health_check": [
                    "type": "object", "additionalProperties": false, "description": "PgPool-II health_check_* (seconds); left out: the lab's 1/1/3/1.",
                    "properties": [
                        "period": seconds("health_check_period."), "timeout": seconds("health_check_timeout."),
                        "retry_delay": seconds("health_check_retry_delay."),
                        "max_retries": ["type": "integer", "minimum": 0, "maximum": 100, "description": "health_check_max_retries."],
                    ] as [String: Any],
                ] as [String: Any],
            ] as [String: Any],
        ]
    }

    /// Whole seconds, as a number or `10s`.
    private static func seconds(_ description: String) -> [String: Any] {
        ["anyOf": [["type": "integer", "minimum": 1, "maximum": 3600], ["type": "string", "pattern": "^[0-9]+s$"]], "description": description]
    }

    private static func workload() -> [String: Any] {
        let paths = WritePath.allCases.map(\.rawValue)
        return [
            "type": "object", "additionalProperties": false,
            "properties": [
                "paths": ["anyOf": [["enum": paths], ["type": "array", "items": ["enum": paths], "minItems": 1]]],
                "rate": orReference(["type": "integer", "minimum": 1, "maximum": 5000, "description": "Writes per second per path."]),
                "warmup": duration("Writers run this long before the method."),
                "timeout": duration("Time allowed for one write."),
                "cooldown": duration("Writers keep running this long after the method."),
                "recovery_hold": duration("Writes must go on being acknowledged this long after an outage for a path to count as recovered (default 5s)."),
                "sampling": duration("How often the sampler reads lag, commits, roles, etcd and PgPool-II into metrics.csv (default 1s; 0s: never)."),
                "readers": [
                    "type": "array",
                    "description": "Readers of what the writers wrote: read availability and staleness (reads.* metrics). One per path.",
                    "items": ["anyOf": [
                        ["enum": ReadPath.allCases.map(\.rawValue)],
                        [
                            "type": "object", "additionalProperties": false, "required": ["path"],
                            "properties": [
                                "path": ["enum": ReadPath.allCases.map(\.rawValue)],
                                "rate": ["type": "integer", "minimum": 1, "maximum": 1000, "description": "Reads per second (default 50)."],
                            ] as [String: Any],
                        ] as [String: Any],
                    ]],
                ] as [String: Any],
                "pgbench": [
                    "type": "object", "additionalProperties": false,
                    "description": "A pgbench load next to the writers: throughput and p99 latency through the fault (throughput.* metrics).",
                    "properties": [
                        "clients": orReference(["type": "integer", "minimum": 1, "maximum": BenchDefinitionReader.maximumLoadClients]),
                        "mode": ["enum": BenchMode.allCases.map(\.rawValue)],
                        "path": ["enum": paths],
                        "scale": orReference(["type": "integer", "minimum": 1, "maximum": 100]),
                    ] as [String: Any],
                ] as [String: Any],
                "bank": [
                    "anyOf": [
                        ["type": "boolean"],
                        [
                            "type": "object", "additionalProperties": false,
                            "properties": [
                                "accounts": ["type": "integer", "minimum": 2, "maximum": 10_000, "description": "How many accounts (default 10)."],
                                "balance": ["type": "integer", "minimum": 10, "maximum": 1_000_000_000, "description": "Each account's opening balance (default 1000)."],
                                "rate": ["type": "integer", "minimum": 1, "maximum": 1000, "description": "Transfers per second of each client (default 20)."],
                                "isolation": ["anyOf": [
                                    ["enum": BankIsolation.allCases.map(\.rawValue)],
                                    ["type": "array", "items": ["enum": BankIsolation.allCases.map(\.rawValue)], "minItems": 1],
                                ]],
                                "check_rate": ["type": "integer", "minimum": 1, "maximum": 1000, "description": "Checks of every balance per second per path (default 5)."],
                                "split_transfers": ["type": "boolean", "description": "A deliberately broken client (debit and credit in two transactions), to see the invariants catch it."],
                            ] as [String: Any],
                        ] as [String: Any],
                    ],
                    "description": "A transactional workload: transfers between accounts with a known total (invariant.bank_total, invariant.transfers_exactly_once, bank.* metrics). Reference: docs/bank.md.",
                ] as [String: Any],
            ] as [String: Any],
        ]
    }

    private static func commonStepProperties() -> [String: Any] {
        [
            "name": ["type": "string", "pattern": "^[^\\s]+$", "description": "Step name, used by heal and in reports."],
            "description": ["type": "string"],
            "expect": ["type": "string", "description": "What the team expects this step to do, in words: shown before the step on a game day and in its minutes."],
            "background": ["type": "boolean", "description": "Do not wait for this step before the next."],
            "after": duration("Start no earlier than this long after the method starts."),
        ]
    }

    private static func stepVariants(kindKey: String, catalog: KindCatalog) -> [[String: Any]] {
        catalog.kinds.map { kind in
            var properties = commonStepProperties()
            properties[kindKey] = ["const": kind.name, "description": kind.summary]
            for parameter in kind.parameters {
                var schema = parameterSchema(parameter.type)
                schema["description"] = parameter.summary
                properties[parameter.name] = orReference(schema)
            }
            return [
                "type": "object", "additionalProperties": false, "properties": properties,
                "required": [kindKey] + kind.parameters.filter(\.required).map(\.name),
            ]
        }
    }

    private static func sleepStep() -> [String: Any] {
        var properties = commonStepProperties()
        properties["wait"] = duration("Sleep this long.")
        return ["type": "object", "additionalProperties": false, "properties": properties, "required": ["wait"]]
    }

    private static func healStep() -> [String: Any] {
        var properties = commonStepProperties()
        properties["heal"] = ["type": "string", "description": "Name of the fault step to heal."]
        return ["type": "object", "additionalProperties": false, "properties": properties, "required": ["heal"]]
    }

    private static func hypothesis() -> [String: Any] {
        [
            "anyOf": [
                expression(scope: .result),
                [
                    "type": "object", "additionalProperties": false, "required": ["expect"],
                    "properties": ["expect": expression(scope: .result), "note": ["type": "string"]] as [String: Any],
                ],
            ]
        ]
    }

    private static func expression(scope: MetricScope) -> [String: Any] {
        let names = MetricCatalog.names(usableIn: scope).map { NSRegularExpression.escapedPattern(for: $0) }
        return [
            "type": "string",
            "pattern": "^\\s*(" + names.joined(separator: "|") + ")(\\s*(<=|>=|==|!=|<|>)\\s*\\S+)?\\s*$",
            "description": "METRIC OP VALUE, e.g. rto.direct < 15s; metrics: " + MetricCatalog.names(usableIn: scope).joined(separator: ", "),
        ]
    }

    private static func duration(_ description: String) -> [String: Any] {
        ["type": "string", "pattern": "^(([0-9]+(\\.[0-9]+)?(ms|s|m|h))+|.*\\$\\{[^}]+\\}.*)$", "description": description]
    }

    /// A value schema that also takes a `${variable}` reference (checked by `chaos validate` once resolved).
    private static func orReference(_ schema: [String: Any]) -> [String: Any] {
        var wrapped: [String: Any] = ["anyOf": [schema.filter { $0.key != "description" }, ["type": "string", "pattern": "\\$\\{[^}]+\\}"]]]
        if let description = schema["description"] { wrapped["description"] = description }
        return wrapped
    }

    private static func variables() -> [String: Any] {
        [
            "type": "object",
            "description": "Variables used as ${name} in values; set with --var name=value or --var-file. ${env:NAME} reads a secret from the environment.",
            "propertyNames": ["pattern": "^[A-Za-z][A-Za-z0-9_]*$"],
            "additionalProperties": [
                "type": "object", "additionalProperties": false, "required": ["type"],
                "properties": [
                    "type": ["enum": VariableType.allCases.map(\.rawValue)],
                    "default": ["type": ["string", "number", "boolean"]],
                    "description": ["type": "string"],
                ] as [String: Any],
            ] as [String: Any],
        ]
    }

    private static func parameterSchema(_ type: ParameterType) -> [String: Any] {
        switch type {
        case .duration: return duration("")
        case .integer(let min, let max):
            var schema: [String: Any] = ["type": "integer"]
            if let min { schema["minimum"] = min }
            if let max { schema["maximum"] = max }
            return schema
        case .number(let min, let max):
            var schema: [String: Any] = ["type": "number"]
            if let min { schema["minimum"] = min }
            if let max { schema["maximum"] = max }
            return schema
        case .string, .stepReference: return ["type": "string"]
        case .boolean: return ["type": "boolean"]
        case .choice(let words): return ["enum": words]
        case .signal: return ["type": ["string", "integer"]]
        case .target: return target()
        case .targetGroups:
            return ["type": "array", "minItems": 2, "items": ["anyOf": [target(), ["type": "array", "minItems": 1, "items": target()]]]]
        case .bitRate: return ["type": "string", "pattern": "^[0-9]+(\\.[0-9]+)?(bit|kbit|mbit|gbit)$"]
        case .url: return ["type": "string", "pattern": "^https?://[^\\s]+$"]
        case .metricSeries: return ["type": "string", "pattern": "^[A-Za-z_:][A-Za-z0-9_:]*(\\{.*\\})?$"]
        }
    }

    private static func target() -> [String: Any] {
        let roles = TargetSelector.Role.keywords.keys.sorted().joined(separator: "|")
        return [
            "type": "string",
            "pattern": "^(([0-9]+|all) of )?(\(roles)|[a-z][a-z0-9_-]*)$",
            "description": "A role resolved when the step fires (\(TargetSelector.Role.keywords.keys.sorted().joined(separator: ", "))), 'N of ROLE', 'all of ROLE', or a member name.",
        ]
    }

    /// `during:`: probe steps evaluated all through the method, as a list or as `{every, probes}`.
    static func during() -> [String: Any] {
        let probes: [String: Any] = ["type": "array", "minItems": 1, "items": ["anyOf": stepVariants(kindKey: "probe", catalog: .probes)]]
        return [
            "description": "Probes evaluated again and again from the method's start until its faults are healed; failures are recorded (during.csv, results.during) and counted in during.failures.",
            "anyOf": [
                probes,
                [
                    "type": "object", "additionalProperties": false, "required": ["probes"],
                    "properties": [
                        "every": duration("Time between the starts of two rounds (100ms to 60s; default 1s)."),
                        "probes": probes,
                    ],
                ],
            ],
        ]
    }
}
