// Builds libpq connection strings for the two write paths.

/// libpq `key=value` connection strings.
public enum PostgresDSN {
    /// The connection string for a write path.
    ///
    /// `direct` lists every node (`host=a,b,c port=p,q,r`) with `target_session_attrs=read-write`, so libpq
    /// finds the primary itself; `pgpool` connects to PgPool-II. Both carry `connect_timeout`,
    /// `tcp_user_timeout`, keepalives, the statement timeout and `application_name=chaos-<path>`. A reader gives
    /// its own `targetSessionAttributes` (e.g. `prefer-standby`) and application name.
    public static func make(
        path: WritePath, endpoint: WriterEndpoint, settings: ConnectionSettings = ConnectionSettings(),
        targetSessionAttributes: String? = nil, applicationName: String? = nil
    ) -> String {
        var pairs: [(String, String)] = [
            ("host", endpoint.hosts.map(\.host).joined(separator: ",")),
            ("port", endpoint.hosts.map { String($0.port) }.joined(separator: ",")),
            ("user", endpoint.user),
            ("dbname", endpoint.database),
        ]
        if let password = endpoint.password { pairs.append(("password", password)) }
        if let attributes = targetSessionAttributes ?? (path == .direct ? "read-write" : nil) {
            pairs.append(("target_session_attrs", attributes))
        }
        pairs += [
            ("connect_timeout", String(settings.connectTimeoutSeconds)),
            ("tcp_user_timeout", String(settings.tcpUserTimeoutMs)),
            ("keepalives", "1"),
            ("keepalives_idle", String(settings.keepalivesIdleSeconds)),
            ("keepalives_interval", String(settings.keepalivesIntervalSeconds)),
            ("keepalives_count", String(settings.keepalivesCount)),
            ("application_name", applicationName ?? "chaos-\(path.rawValue)"),
        ]
        return pairs.map { "\($0.0)=\(quote($0.1))" }.joined(separator: " ")
    }

    /// A plain single-server connection string, e.g. for PgPool's `SHOW POOL_NODES` or reading rows back.
    public static func single(
        host: HostPort, user: String, password: String?, database: String, connectTimeoutSeconds: Int = 2,
        applicationName: String = "chaos"
    ) -> String {
        var pairs: [(String, String)] = [
            ("host", host.host), ("port", String(host.port)), ("user", user), ("dbname", database),
            ("connect_timeout", String(connectTimeoutSeconds)), ("application_name", applicationName),
        ]
        if let password { pairs.append(("password", password)) }
        return pairs.map { "\($0.0)=\(quote($0.1))" }.joined(separator: " ")
    }

    /// Quotes a value for a libpq connection string: single quotes, with `\` and `'` escaped.
    static func quote(_ value: String) -> String {
        var escaped = ""
        for character in value {
            if character == "\\" || character == "'" { escaped.append("\\") }
            escaped.append(character)
        }
        return "'\(escaped)'"
    }
}
