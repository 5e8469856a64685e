// The declared shape of one fault, probe, action or wait-condition kind: its parameters and what it needs.

/// A kind of step (e.g. the `kill` fault or the `sql` probe): the parameters it takes and the platform
/// capabilities it needs. Catalogs list these; the loader checks steps against them, so adding a kind
/// never touches the parser.
public struct KindDefinition: Sendable, Hashable {
    /// The word written in the scenario (`kill`, `packet_loss`, `patroni`).
    public var name: String
    /// One line for `chaos validate`, docs and the dry-run plan.
    public var summary: String
    /// Parameters the kind accepts.
    public var parameters: [ParameterSpec]
    /// What the platform must be able to do for this kind to run.
    public var requires: Set<Capability>
    /// Whether the kind stays in effect until healed (faults) rather than acting once.
    public var isHealable: Bool

    /// Creates a kind definition.
    public init(
        _ name: String, _ summary: String, parameters: [ParameterSpec], requires: Set<Capability> = [],
        isHealable: Bool = false
    ) {
        self.name = name
        self.summary = summary
        self.parameters = parameters
        self.requires = requires
        self.isHealable = isHealable
    }

    /// The spec of one parameter by key.
    public func parameter(named key: String) -> ParameterSpec? {
        parameters.first { $0.name == key }
    }
}

/// A set of kinds of one family (faults, probes, actions, wait conditions).
public struct KindCatalog: Sendable {
    /// The family name used in messages ("fault kind", "probe kind").
    public var family: String
    /// Every kind in the family, in documentation order.
    public var kinds: [KindDefinition]

    /// Creates a catalog.
    public init(family: String, kinds: [KindDefinition]) {
        self.family = family
        self.kinds = kinds
    }

    /// The kind with this name.
    public func kind(named name: String) -> KindDefinition? {
        kinds.first { $0.name == name }
    }

    /// All kind names.
    public var names: [String] { kinds.map(\.name) }
}
