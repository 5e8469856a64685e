// Reads a run's rows back from the primary after recovery, for the RPO check.

/// Reads the writers' rows of one run.
public enum RPOReader {
    /// Copies of every (path, seq) of `runId`, read through `dsn` (use the direct DSN: it finds the primary).
    ///
    /// Blocking: call from a dedicated thread or a detached context that may block.
    public static func read(runId: String, dsn: String, timeoutNs: Int64 = 30_000_000_000) throws(PostgresError) -> RowCounts {
        let connection = try PostgresConnection.connect(dsn: dsn)
        let rows = try connection.execute(WriteTable.readBackStatement, parameters: [runId], timeoutNs: timeoutNs)
        var copies: [WriteKey: Int] = [:]
        for row in rows.rows {
            guard row.count == 3, let path = row[0].flatMap(WritePath.init(rawValue:)), let seq = row[1].flatMap({ Int64($0) }),
                let count = row[2].flatMap({ Int($0) })
            else { continue }
            copies[WriteKey(path: path, seq: seq)] = count
        }
        return RowCounts(copies: copies)
    }

    /// Of `keys`, those that have a row of `runId`: an independent point query per path (`seq = ANY(...)`),
    /// to confirm a lost-write list without the read-back's aggregate.
    public static func present(
        runId: String, keys: [WriteKey], dsn: String, timeoutNs: Int64 = 30_000_000_000
    ) throws(PostgresError) -> Set<WriteKey> {
        let connection = try PostgresConnection.connect(dsn: dsn)
        var found = Set<WriteKey>()
        for (path, group) in Dictionary(grouping: keys, by: \.path) {
            let array = "{" + group.map { String($0.seq) }.joined(separator: ",") + "}"
            let rows = try connection.execute(
                "SELECT DISTINCT seq FROM chaos_writes WHERE run_id = $1 AND path = $2 AND seq = ANY($3::bigint[])",
                parameters: [runId, path.rawValue, array], timeoutNs: timeoutNs)
            for row in rows.rows {
                if let seq = row.first.flatMap({ $0 }).flatMap({ Int64($0) }) { found.insert(WriteKey(path: path, seq: seq)) }
            }
        }
        return found
    }
}
