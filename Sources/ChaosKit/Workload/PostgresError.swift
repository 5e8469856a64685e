// Why a PostgreSQL call failed, in the terms the op log records.

/// A failed libpq call.
public enum PostgresError: Error, Sendable, Equatable {
    /// No usable connection: refused, unreachable, closed, or lost before any result.
    case connection(message: String)
    /// The server answered with an error; `connectionLost` tells whether the connection died with it.
    case sql(sqlState: String, message: String, connectionLost: Bool)
    /// No answer before the client-side deadline; the connection must be dropped.
    case timeout(message: String)

    /// True when the connection cannot be used after this error.
    public var connectionUnusable: Bool {
        switch self {
        case .connection, .timeout: return true
        case .sql(_, _, let lost): return lost
        }
    }
}

// MARK: - CustomStringConvertible
extension PostgresError: CustomStringConvertible {
    public var description: String {
        switch self {
        case .connection(let message): return "connection failed: \(message)"
        case .sql(let state, let message, _): return "SQLSTATE \(state): \(message)"
        case .timeout(let message): return "timed out: \(message)"
        }
    }
}
