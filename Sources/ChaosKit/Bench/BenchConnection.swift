// Where pgbench connects for each target: a libpq connection string without the password (pgbench gets it
// in PGPASSWORD, so it never shows in a process list or an artifact).

/// The connection strings of a benchmark's targets on one cluster.
public struct BenchConnections: Sendable {
    /// The cluster's nodes and passwords.
    public var endpoints: RunEndpoints
    /// The standalone baseline server, when there is one.
    public var baseline: HostPort?

    /// Creates the connections of a cluster (and its baseline server, if any).
    public init(endpoints: RunEndpoints, baseline: HostPort?) {
        self.endpoints = endpoints
        self.baseline = baseline
    }

    /// The password pgbench needs (PGPASSWORD): the application user's, the same on the baseline.
    public var password: String { endpoints.credentials.appPassword }

    /// The connection string for a target, or why there is none.
    public func conninfo(for target: BenchTarget) -> Result<String, BenchError> {
        let inventory = endpoints.inventory
        let postgres = inventory.nodes(.postgres).map { HostPort(host: $0.address, port: $0.ports["postgres"] ?? 5432) }
        switch target {
        case .single:
            guard let baseline else {
                return .failure(BenchError("the single target needs a standalone baseline server, and this platform has none",
                                           hint: "on the lab it is started for you; on ssh name one under `baseline:` in the cluster file"))
            }
            return .success(Self.string(hosts: [baseline], attributes: nil))
        case .direct:
            return .success(Self.string(hosts: postgres, attributes: "read-write"))
        case .replica:
            return .success(Self.string(hosts: postgres, attributes: "standby"))
        case .pgpool:
            let pools = inventory.nodes(.pgpool).map { HostPort(host: $0.address, port: $0.ports["pgpool"] ?? 9999) }
            guard !pools.isEmpty else { return .failure(BenchError("the cluster has no PgPool-II node", hint: "leave pgpool out of the targets")) }
            return .success(Self.string(hosts: pools, attributes: nil))
        }
    }

    private func userAndDatabase() -> [(String, String)] {
        [("user", endpoints.credentials.appUser), ("dbname", endpoints.credentials.appDatabase)]
    }

    private static func string(hosts: [HostPort], attributes: String?) -> String {
        var pairs = [("host", hosts.map(\.host).joined(separator: ",")), ("port", hosts.map { String($0.port) }.joined(separator: ","))]
        if let attributes { pairs.append(("target_session_attrs", attributes)) }
        pairs.append(("connect_timeout", "5"))
        pairs.append(("application_name", "chaos-bench"))
        return pairs.map { "\($0.0)=\(PostgresDSN.quote($0.1))" }.joined(separator: " ")
    }

    /// The connection string for a target with the user and database (what pgbench is given).
    public func pgbenchConninfo(for target: BenchTarget) -> Result<String, BenchError> {
        conninfo(for: target).map { base in
            base + " " + userAndDatabase().map { "\($0.0)=\(PostgresDSN.quote($0.1))" }.joined(separator: " ")
        }
    }

    /// The same, with the password, for chaos's own in-process connections (never written anywhere).
    func libpqConninfo(for target: BenchTarget) -> Result<String, BenchError> {
        pgbenchConninfo(for: target).map { $0 + " password=\(PostgresDSN.quote(password))" }
    }
}

/// Why a benchmark, or one cell of it, could not run.
public struct BenchError: Error, Sendable, Hashable, CustomStringConvertible {
    /// What went wrong.
    public var message: String
    /// What to do about it.
    public var hint: String

    /// Creates an error.
    public init(_ message: String, hint: String = "") {
        self.message = message
        self.hint = hint
    }

    public var description: String { hint.isEmpty ? message : "\(message) (\(hint))" }
}
