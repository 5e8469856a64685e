import Testing
@testable import ChaosKit

@Suite struct MeasurementSupportTests {
    @Test func walPositionsParseAndPrint() {
        #expect(WALPosition(text: "0/16B3748")?.value == 0x16B_3748)
        #expect(WALPosition(text: "1/0")?.value == 1 << 32)
        #expect(WALPosition(text: "16B3748") == nil)
        #expect(WALPosition(0x1_0000_00FF).description == "1/FF")
    }

    @Test func directDSNListsEveryNodeAndAsksForTheWriter() {
        let endpoint = WriterEndpoint(
            hosts: [HostPort(host: "10.203.0.21", port: 5432), HostPort(host: "10.203.0.22", port: 5433)],
            user: "chaos", password: "it's \\ secret", database: "chaos")
        let dsn = PostgresDSN.make(path: .direct, endpoint: endpoint)
        #expect(dsn.contains("host='10.203.0.21,10.203.0.22' port='5432,5433'"))
        #expect(dsn.contains("target_session_attrs='read-write'"))
        #expect(dsn.contains("password='it\\'s \\\\ secret'"))
        for key in ["connect_timeout", "tcp_user_timeout", "keepalives_idle", "keepalives_interval", "keepalives_count"] {
            #expect(dsn.contains("\(key)="))
        }
        #expect(dsn.contains("application_name='chaos-direct'"))
        let pgpool = PostgresDSN.make(path: .pgpool, endpoint: endpoint)
        #expect(!pgpool.contains("target_session_attrs"))
    }

    @Test func opLogCountsAndQuotesCSV() {
        let log = OpLog()
        log.append(OpRecord(path: .direct, seq: 1, startNs: 0, endNs: 5, outcome: .ok, node: "a:1", lsn: WALPosition(16), timeline: 1))
        log.append(OpRecord(path: .direct, seq: 2, startNs: 10, endNs: 15, outcome: .sqlError, sqlState: "25006", message: "read-only, \"no\""))
        #expect(log.liveStatus(of: .direct) == PathLiveStatus(acked: 1, failed: 1, lastAckNs: 5, lastFailureSeq: 2, ackedSinceFailure: false))
        let lines = log.csv().split(separator: "\n")
        #expect(lines[1] == "direct,1,0,5,ok,,a:1,0/10,1,")
        #expect(lines[2] == "direct,2,10,15,sqlError,25006,,,,\"read-only, \"\"no\"\"\"")
    }

    @Test func statementTimeoutCountsAsTimeout() {
        let record = Writer.record(
            for: .sql(sqlState: "57014", message: "canceling statement", connectionLost: false), path: .direct, seq: 1,
            startNs: 0, endNs: 1)
        #expect(record.outcome == .timeout)
        let lost = Writer.record(for: .sql(sqlState: "", message: "server closed", connectionLost: true), path: .direct, seq: 1, startNs: 0, endNs: 1)
        #expect(lost.outcome == .connectionError)
        let readOnly = Writer.record(
            for: .sql(sqlState: "25006", message: "read-only", connectionLost: false), path: .pgpool, seq: 1, startNs: 0, endNs: 1)
        #expect(readOnly.outcome == .sqlError && readOnly.sqlState == "25006")
    }

    @Test func samplingPercentiles() {
        let times: [Int64] = (0...100).map { $0 * 100 }  // 100 intervals of 100
        var completions = ["a": times]
        completions["b"] = [0, 500]
        let stats = SamplingStats.summarize(completions)
        #expect(stats.count == 101)
        #expect(stats.p50Ns == 100)
        #expect(stats.p99Ns == 100)
        #expect(stats.maxNs == 500)
    }

    @Test func poolNodesParseByColumnName() {
        let rows = PostgresRows(
            columns: ["node_id", "hostname", "port", "status", "pg_status", "lb_weight", "role"],
            rows: [["0", "10.203.0.21", "5432", "up", "up", "0.33", "primary"], ["1", "10.203.0.22", "5432", "down", "down", "0.33", "standby"]])
        let nodes = PgPoolProbe.parse(rows)
        #expect(nodes.count == 2)
        #expect(nodes[0].role == "primary" && nodes[1].status == "down")
    }

    @Test func memberAddressesComeFromPatroniURLs() {
        let addresses = MeasurementHistory.memberAddresses(fromPatroniURLs: ["pg1": "http://10.203.0.21:8008", "pg2": "http://10.203.0.22:8008/"])
        #expect(addresses == ["10.203.0.21": "pg1", "10.203.0.22": "pg2"])
        let history = MeasurementHistory(ops: [], memberAddresses: addresses)
        #expect(history.member(servingNode: "10.203.0.22:5432") == "pg2")
    }

    @Test func wallClockLabelIsISO8601UTC() {
        let label = MonotonicClock.wallClockLabel()
        #expect(label.count == 24 && label.hasSuffix("Z") && label.contains("T"))
    }
}
