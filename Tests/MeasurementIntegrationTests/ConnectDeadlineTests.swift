// A connect with a deadline gives up on a server that accepts TCP but never answers.

import ChaosKit
import Testing

@Suite struct ConnectDeadlineTests {
    @Test func connectGivesUpOnASilentServer() throws {
        let silent = try SilentListener()
        defer { silent.close() }
        let startNs = MonotonicClock.absoluteNow()
        #expect(throws: PostgresError.self) {
            _ = try PostgresConnection.connect(dsn: "host=127.0.0.1 port=\(silent.port) user=x dbname=x", timeoutNs: 300_000_000)
        }
        let elapsed = MonotonicClock.absoluteNow() - startNs
        #expect(elapsed >= 250_000_000 && elapsed < 1_000_000_000, "gave up after \(elapsed / 1_000_000) ms")
    }

    @Test func connectFailsFastWhenRefused() throws {
        let startNs = MonotonicClock.absoluteNow()
        do {
            _ = try PostgresConnection.connect(dsn: "host=127.0.0.1 port=1 user=x dbname=x", timeoutNs: 2_000_000_000)
            Issue.record("connected to port 1")
        } catch {
            guard case .connection = error else {
                Issue.record("expected a connection error, got \(error)")
                return
            }
        }
        #expect(MonotonicClock.absoluteNow() - startNs < 500_000_000)
    }

    @Test(.enabled(if: LocalPostgres.available, "needs PostgreSQL binaries (CHAOS_TEST_PG_BIN)"))
    func connectWithADeadlineReachesALiveServer() throws {
        let server = try LocalPostgres()
        defer { server.destroy() }
        let connection = try PostgresConnection.connect(dsn: server.dsn, timeoutNs: 2_000_000_000)
        let rows = try connection.execute("SELECT 1 AS one")
        #expect(rows.rows == [["1"]] && rows.columns == ["one"])
    }
}
