// The one file that owns libpq pointers: connect, prepare, execute with a client-side deadline, finish.

internal import CLibPQ
import Foundation

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Rows returned by a statement, every value as text (`nil` for SQL NULL).
public struct PostgresRows: Sendable, Equatable {
    /// Column names in order.
    public var columns: [String]
    /// One array of values per row, aligned with ``columns``.
    public var rows: [[String?]]
}

/// A blocking libpq connection. Use it from one dedicated thread only (never the cooperative pool).
///
/// Statements run through libpq's asynchronous calls with a client-side deadline, so a black-holed
/// server yields ``PostgresError/timeout(message:)`` instead of hanging.
public final class PostgresConnection {
    private let handle: OpaquePointer

    private init(handle: OpaquePointer) { self.handle = handle }

    deinit { PQfinish(handle) }

    /// Opens a connection with a libpq connection string (blocks up to the DSN's `connect_timeout` per host).
    public static func connect(dsn: String) throws(PostgresError) -> PostgresConnection {
        guard let pointer = PQconnectdb(dsn) else {
            throw .connection(message: "libpq could not allocate a connection")
        }
        guard PQstatus(pointer) == CONNECTION_OK else {
            let message = PostgresConnection.text(PQerrorMessage(pointer))
            PQfinish(pointer)
            throw .connection(message: message)
        }
        PQsetNoticeProcessor(pointer, { _, _ in }, nil)
        return PostgresConnection(handle: pointer)
    }

    /// Opens a connection, giving up after `timeoutNs` in all (libpq's own `connect_timeout` cannot go
    /// below 2 s). Meant for one host: with a multi-host DSN the deadline may expire before later hosts.
    public static func connect(dsn: String, timeoutNs: Int64) throws(PostgresError) -> PostgresConnection {
        guard let pointer = PQconnectStart(dsn) else {
            throw .connection(message: "libpq could not allocate a connection")
        }
        let connection = PostgresConnection(handle: pointer)
        let deadline = MonotonicClock.absoluteNow() + timeoutNs
        var state = PGRES_POLLING_WRITING
        while true {
            if PQstatus(pointer) == CONNECTION_BAD || state == PGRES_POLLING_FAILED {
                throw .connection(message: text(PQerrorMessage(pointer)))
            }
            if state == PGRES_POLLING_OK { break }
            let remainingMs = (deadline - MonotonicClock.absoluteNow()) / 1_000_000
            guard remainingMs > 0 else {
                throw .timeout(message: "no connection within \(timeoutNs / 1_000_000) ms")
            }
            let events = state == PGRES_POLLING_READING ? POLLIN : POLLOUT
            var descriptor = pollfd(fd: PQsocket(pointer), events: Int16(events), revents: 0)
            let ready = poll(&descriptor, 1, Int32(min(remainingMs, 1_000)))
            if ready < 0 && errno != EINTR {
                throw .connection(message: "poll failed while connecting (errno \(errno))")
            }
            if ready > 0 { state = PQconnectPoll(pointer) }
        }
        PQsetNoticeProcessor(pointer, { _, _ in }, nil)
        return connection
    }

    /// Starts a connection without waiting for it (see ``PendingConnection``).
    public static func start(dsn: String, timeoutNs: Int64) throws(PostgresError) -> PendingConnection {
        guard let pointer = PQconnectStart(dsn) else {
            throw .connection(message: "libpq could not allocate a connection")
        }
        return PendingConnection(connection: PostgresConnection(handle: pointer), deadlineNs: MonotonicClock.absoluteNow() + timeoutNs)
    }

    /// One step of a connection started with ``start(dsn:timeoutNs:)``: never blocks. nil while it is still on its way.
    fileprivate func advance(state: inout PostgresPollingStatusType, deadlineNs: Int64) -> Result<PostgresConnection, PostgresError>? {
        while true {
            if PQstatus(handle) == CONNECTION_BAD || state == PGRES_POLLING_FAILED {
                return .failure(.connection(message: PostgresConnection.text(PQerrorMessage(handle))))
            }
            if state == PGRES_POLLING_OK {
                PQsetNoticeProcessor(handle, { _, _ in }, nil)
                return .success(self)
            }
            if MonotonicClock.absoluteNow() >= deadlineNs { return .failure(.timeout(message: "no connection within the connect timeout")) }
            let events = state == PGRES_POLLING_READING ? POLLIN : POLLOUT
            var descriptor = pollfd(fd: PQsocket(handle), events: Int16(events), revents: 0)
            let ready = poll(&descriptor, 1, 0)
            if ready < 0 && errno != EINTR { return .failure(.connection(message: "poll failed while connecting (errno \(errno))")) }
            guard ready > 0 else { return nil }
            state = PQconnectPoll(handle)
        }
    }

    /// True while the server connection is usable.
    public var isHealthy: Bool { PQstatus(handle) == CONNECTION_OK }

    /// The host this connection reached (the one libpq picked from a multi-host DSN).
    public var host: String { PostgresConnection.text(PQhost(handle)) }

    /// Runs one SQL text with `$n` parameters (sent as text) and waits at most `timeoutNs`.
    ///
    /// Without parameters the text goes over the simple query protocol (PgPool-II answers its own `SHOW
    /// POOL_NODES` only there); with parameters over the extended protocol.
    @discardableResult
    public func execute(_ sql: String, parameters: [String?] = [], timeoutNs: Int64 = 10_000_000_000)
        throws(PostgresError) -> PostgresRows
    {
        // Without parameters the simple query protocol: PgPool-II answers its own SHOW commands only there.
        let sent = parameters.isEmpty
            ? PQsendQuery(handle, sql)
            : withCStrings(parameters) { values in
                PQsendQueryParams(handle, sql, Int32(values.count), nil, values, nil, nil, 0)
            }
        guard sent == 1 else { throw failureWithoutResult() }
        return try awaitResult(deadlineNs: MonotonicClock.absoluteNow() + timeoutNs)
    }

    /// Prepares a named statement on this connection.
    public func prepare(name: String, sql: String, timeoutNs: Int64 = 10_000_000_000) throws(PostgresError) {
        guard PQsendPrepare(handle, name, sql, 0, nil) == 1 else { throw failureWithoutResult() }
        _ = try awaitResult(deadlineNs: MonotonicClock.absoluteNow() + timeoutNs)
    }

    /// Runs a prepared statement with text parameters and waits at most `timeoutNs`.
    public func executePrepared(name: String, parameters: [String?], timeoutNs: Int64)
        throws(PostgresError) -> PostgresRows
    {
        let sent = withCStrings(parameters) { values in
            PQsendQueryPrepared(handle, name, Int32(values.count), values, nil, nil, 0)
        }
        guard sent == 1 else { throw failureWithoutResult() }
        return try awaitResult(deadlineNs: MonotonicClock.absoluteNow() + timeoutNs)
    }

    // MARK: - Waiting for results

    /// Waits for every result of the statement up to ReadyForQuery, each within the deadline. The outcome is the
    /// first result's rows only if no later result is an error: over the extended protocol the server sends the
    /// statement's rows and CommandComplete before it commits (at Sync), so a crash during the commit delivers them
    /// followed by an error or a lost connection — that is not an acknowledgement.
    private func awaitResult(deadlineNs: Int64) throws(PostgresError) -> PostgresRows {
        var rows: PostgresRows?
        var failure: PostgresError?
        while true {
            do throws(PostgresError) { try waitUntilNotBusy(deadlineNs: deadlineNs) } catch { throw failure ?? error }
            guard let result = PQgetResult(handle) else { break }
            defer { PQclear(result) }
            let status = PQresultStatus(result)
            // COPY never ends by itself here (its results repeat until the copy is driven): refuse it, and the
            // connection with it.
            if status == PGRES_COPY_IN || status == PGRES_COPY_OUT || status == PGRES_COPY_BOTH {
                throw .connection(message: "COPY is not supported on this connection; it was abandoned")
            }
            switch read(result) {
            case .success(let read): if rows == nil { rows = read }
            case .failure(let error): failure = failure ?? error
            }
        }
        if let failure { throw failure }
        guard let rows else { throw failureWithoutResult() }
        return rows
    }

    /// Reads from the socket until libpq has a whole result (or the end of the statement's results) parsed.
    private func waitUntilNotBusy(deadlineNs: Int64) throws(PostgresError) {
        while PQisBusy(handle) == 1 {
            let remainingMs = (deadlineNs - MonotonicClock.absoluteNow()) / 1_000_000
            guard remainingMs > 0 else {
                throw .timeout(message: "no answer from \(host) within the deadline")
            }
            var descriptor = pollfd(fd: PQsocket(handle), events: Int16(POLLIN), revents: 0)
            let ready = poll(&descriptor, 1, Int32(min(remainingMs, 1_000)))
            if ready < 0 && errno != EINTR {
                throw .connection(message: "poll failed on the connection to \(host) (errno \(errno))")
            }
            if ready > 0 && PQconsumeInput(handle) == 0 {
                throw failureWithoutResult()
            }
        }
    }

    private func read(_ result: OpaquePointer) -> Result<PostgresRows, PostgresError> {
        switch PQresultStatus(result) {
        case PGRES_COMMAND_OK, PGRES_TUPLES_OK, PGRES_EMPTY_QUERY:
            let columnCount = PQnfields(result)
            let rowCount = PQntuples(result)
            let columns = (0..<columnCount).map { PostgresConnection.text(PQfname(result, $0)) }
            let rows: [[String?]] = (0..<rowCount).map { row in
                (0..<columnCount).map { column in
                    PQgetisnull(result, row, column) == 1 ? nil : PostgresConnection.text(PQgetvalue(result, row, column))
                }
            }
            return .success(PostgresRows(columns: columns, rows: rows))
        default:
            let state = PQresultErrorField(result, Int32(UInt8(ascii: "C"))).map { String(cString: $0) }
            let message = PostgresConnection.text(PQresultErrorMessage(result))
            return .failure(.sql(sqlState: state ?? "", message: message, connectionLost: !isHealthy))
        }
    }

    private func failureWithoutResult() -> PostgresError {
        .connection(message: PostgresConnection.text(PQerrorMessage(handle)))
    }

    private static func text(_ pointer: UnsafePointer<CChar>?) -> String {
        guard let pointer else { return "" }
        return String(cString: pointer).trimmingCharacters(in: .whitespacesAndNewlines)
    }
}

/// Calls `body` with a C array of NUL-terminated copies of `values` (NULL for `nil`), freed afterwards.
private func withCStrings<Result>(_ values: [String?], _ body: ([UnsafePointer<CChar>?]) -> Result) -> Result {
    let copies: [UnsafeMutablePointer<CChar>?] = values.map { value in value.flatMap { strdup($0) } }
    defer { copies.forEach { free($0) } }
    return body(copies.map { $0.map { UnsafePointer($0) } })
}

/// A connection on its way: ``advance()`` moves it as far as it can go without waiting, so a writer can keep
/// connections to several hosts in progress while it goes on writing through another. Use from one thread only.
public final class PendingConnection {
    private let connection: PostgresConnection
    private let deadlineNs: Int64
    private var state = PGRES_POLLING_WRITING

    fileprivate init(connection: PostgresConnection, deadlineNs: Int64) {
        self.connection = connection
        self.deadlineNs = deadlineNs
    }

    /// The connection once it is open, the error once it failed or its time ran out, nil while still on its way.
    public func advance() -> Result<PostgresConnection, PostgresError>? {
        connection.advance(state: &state, deadlineNs: deadlineNs)
    }
}
