// Where the run's clients connect, built from the lab's inventory and credentials.

/// Connection strings and observer targets for a run (also used by the ChaosBench tool).
public struct RunEndpoints: Sendable {
    /// The cluster's nodes.
    public let inventory: Inventory
    /// Its passwords (never printed).
    public let credentials: ClusterCredentials
    /// The HTTP API of a Prometheus scraping the cluster, when one runs (for `promql` probes without a url).
    public var prometheusURL: String?

    /// Endpoints of the cluster an inventory describes.
    public init(inventory: Inventory, credentials: ClusterCredentials, prometheusURL: String? = nil) {
        self.inventory = inventory
        self.credentials = credentials
        self.prometheusURL = prometheusURL
    }

    /// The writer endpoint for a path: every PostgreSQL node (direct) or PgPool-II.
    public func endpoint(for path: WritePath) -> WriterEndpoint {
        let hosts: [HostPort]
        switch path {
        case .direct:
            hosts = inventory.nodes(.postgres).map { HostPort(host: $0.address, port: $0.ports["postgres"] ?? 5432) }
        case .pgpool:
            hosts = inventory.nodes(.pgpool).map { HostPort(host: $0.address, port: $0.ports["pgpool"] ?? 9999) }
        }
        return WriterEndpoint(hosts: hosts, user: credentials.appUser, password: credentials.appPassword, database: credentials.appDatabase)
    }

    /// A libpq connection string for a path.
    public func dsn(for path: WritePath, settings: ConnectionSettings = ConnectionSettings()) -> String {
        PostgresDSN.make(path: path, endpoint: endpoint(for: path), settings: settings)
    }

    /// The primary as the superuser (CHECKPOINT and other administrative actions).
    var superuserDSN: String {
        var endpoint = endpoint(for: .direct)
        endpoint.user = credentials.superuser
        endpoint.password = credentials.superuserPassword
        endpoint.database = "postgres"
        return PostgresDSN.make(path: .direct, endpoint: endpoint)
    }

    /// One PostgreSQL node as the superuser, or nil when the node runs no PostgreSQL.
    func superuserDSN(node name: String) -> String? {
        guard let node = inventory.node(name), node.service(.postgres) != nil else { return nil }
        return PostgresDSN.single(
            host: HostPort(host: node.address, port: node.ports["postgres"] ?? 5432), user: credentials.superuser,
            password: credentials.superuserPassword, database: "postgres", applicationName: "chaos-action")
    }

    /// What the observer polls.
    public var observerTargets: ObserverTargets {
        let patroni = Dictionary(uniqueKeysWithValues: inventory.nodes(.postgres).map {
            ($0.name, "http://\($0.address):\($0.ports["patroni-api"] ?? 8008)")
        })
        let etcd = inventory.nodes(.etcd).map { "http://\($0.address):\($0.ports["etcd-client"] ?? 2379)" }
        let pgpool = inventory.nodes(.pgpool).first.map {
            PostgresDSN.single(
                host: HostPort(host: $0.address, port: $0.ports["pgpool"] ?? 9999), user: credentials.superuser,
                password: credentials.superuserPassword, database: "postgres", applicationName: "chaos-observer")
        }
        return ObserverTargets(patroni: patroni, etcd: etcd, patroniScope: inventory.scope, patroniNamespace: "/chaos", pgpoolDSN: pgpool)
    }

    /// What the sampler reads: the primary as the superuser, every Patroni member's and etcd member's `/metrics`,
    /// PgPool-II.
    public var samplerTargets: SamplerTargets {
        var primary = endpoint(for: .direct)
        primary.user = credentials.superuser
        primary.password = credentials.superuserPassword
        primary.database = "postgres"
        var settings = ConnectionSettings()
        settings.statementTimeoutMs = 1_000
        let patroni = Dictionary(uniqueKeysWithValues: inventory.nodes(.postgres).map {
            ($0.name, "http://\($0.address):\($0.ports["patroni-api"] ?? 8008)/metrics")
        })
        let etcd = Dictionary(uniqueKeysWithValues: inventory.nodes(.etcd).map {
            ($0.name, "http://\($0.address):\($0.ports["etcd-client"] ?? 2379)/metrics")
        })
        return SamplerTargets(
            primaryDSN: inventory.nodes(.postgres).isEmpty ? nil : PostgresDSN.make(path: .direct, endpoint: primary, settings: settings, applicationName: "chaos-sampler"),
            patroni: patroni, etcd: etcd, pgpoolDSN: observerTargets.pgpoolDSN)
    }

    /// Patroni member → address, for mapping a serving node to a member.
    var memberAddresses: [String: String] {
        var map: [String: String] = [:]
        for node in inventory.nodes(.postgres) {
            map[node.address] = node.name
            map["\(node.address):\(node.ports["postgres"] ?? 5432)"] = node.name
        }
        return map
    }
}
