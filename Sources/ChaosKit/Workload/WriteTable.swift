// The table the writers insert into, keyed by run id so runs never mix, and the statements they use.

/// SQL for the writers' table. No unique key on purpose: a duplicated write must stay visible.
public enum WriteTable {
    /// The table name.
    public static let name = "chaos_writes"

    /// Creates the table and its (non-unique) index when missing.
    public static let createStatements = [
        """
        CREATE TABLE IF NOT EXISTS chaos_writes (
            run_id text NOT NULL,
            path text NOT NULL,
            seq bigint NOT NULL,
            client_start_ns bigint NOT NULL,
            written_at timestamptz NOT NULL DEFAULT clock_timestamp()
        )
        """,
        "CREATE INDEX IF NOT EXISTS chaos_writes_run_path_seq ON chaos_writes (run_id, path, seq)",
    ]

    /// One write: inserts a row and returns the serving node, the WAL position and the node's timeline.
    ///
    /// Parameters: `$1` run id, `$2` path, `$3` seq, `$4` client start (monotonic ns).
    public static let insertStatement = """
        INSERT INTO chaos_writes (run_id, path, seq, client_start_ns) VALUES ($1, $2, $3, $4) \
        RETURNING host(inet_server_addr()) || ':' || inet_server_port(), pg_current_wal_lsn()::text, \
        substr(pg_walfile_name(pg_current_wal_lsn()), 1, 8)
        """

    /// Reads a run's rows back: one line per (path, seq) with its number of copies.
    public static let readBackStatement = """
        SELECT path, seq, count(*) FROM chaos_writes WHERE run_id = $1 GROUP BY path, seq ORDER BY path, seq
        """

    /// Creates the table through an open connection.
    public static func create(on connection: PostgresConnection) throws(PostgresError) {
        for statement in createStatements {
            try connection.execute(statement)
        }
    }
}

extension WriteTable {
    /// One read: the highest seq of one path's writes in this run (0 when none), the serving node, and whether
    /// it is a standby (a standby's sessions are read-only). Parameters: `$1` run id, `$2` the path whose writes are
    /// read. Uses the (run, path, seq) index, so it costs the same at any table size. Only stable functions: PgPool-II
    /// sends a statement calling a volatile one (such as `pg_is_in_recovery()`) to the primary, not load-balanced.
    public static let readStatement = """
        SELECT coalesce(max(seq), 0), host(inet_server_addr()) || ':' || inet_server_port(), \
        current_setting('transaction_read_only') \
        FROM chaos_writes WHERE run_id = $1 AND path = $2
        """
}

extension PostgresConnection {
    /// Readies a writer's or reader's new session: `statement_timeout` set to the op deadline, and its one statement
    /// prepared under `statement`.
    func prepareSession(statement: String, sql: String, timeoutNs: Int64) throws(PostgresError) {
        try execute("SET statement_timeout = \(timeoutNs / 1_000_000)", timeoutNs: timeoutNs)
        try prepare(name: statement, sql: sql, timeoutNs: timeoutNs)
    }
}
