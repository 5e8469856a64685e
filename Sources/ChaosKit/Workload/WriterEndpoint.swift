// Where a path's writer connects: hosts, credentials, database. Filled by the engine from the inventory.

/// A host and TCP port.
public struct HostPort: Sendable, Hashable, Codable, CustomStringConvertible {
    /// Host name or address.
    public var host: String
    /// TCP port.
    public var port: Int

    /// Creates a host/port pair.
    public init(host: String, port: Int) {
        self.host = host
        self.port = port
    }

    public var description: String { "\(host):\(port)" }
}

/// The servers and credentials one write path uses.
public struct WriterEndpoint: Sendable, Hashable, Codable {
    /// For `direct`: every PostgreSQL node; for `pgpool`: the PgPool-II listener.
    public var hosts: [HostPort]
    /// Database user.
    public var user: String
    /// Password, if the server asks for one.
    public var password: String?
    /// Database name.
    public var database: String

    /// Creates an endpoint.
    public init(hosts: [HostPort], user: String, password: String? = nil, database: String) {
        self.hosts = hosts
        self.user = user
        self.password = password
        self.database = database
    }
}
