// The lab's baseline: a standalone PostgreSQL 15 with the cluster's settings and no replication, in its own
// namespace on the lab bridge, that benchmarks compare the cluster with. Started for a benchmark (or by
// `chaos lab up --baseline`) and removed after, with its data; `chaos lab down` removes it too.

import Foundation

extension LabController {
    /// The baseline node's directories: `<state>/nodes/baseline/{data,run,log}` (removed with the lab).
    var baselineSpec: LabNodeSpec { topology.baseline }

    /// Where benchmarks reach the baseline.
    public var baselineAddress: HostPort { HostPort(host: topology.baseline.address, port: LabPorts.postgres) }

    /// The baseline's PostgreSQL PID when it runs (from its postmaster.pid, checked against the process's start).
    public func baselinePID() -> Int32? {
        let record = Inventory.Service(
            kind: .postgres, user: "postgres", pid: nil, pidFile: "\(layout.dataDirectory(baselineSpec.name))/postmaster.pid",
            logFile: "", command: [])
        return LocalLab.livePID(record)
    }

    /// Starts the baseline (idempotent) and returns whether this call started it. The lab must be up: the
    /// baseline uses its bridge and the cluster's application user and password.
    @discardableResult
    public func startBaseline(progress: LabProgress = { _ in }) throws(LabError) -> Bool {
        try withLabLock { () throws(LabError) -> Bool in
            guard inventory() != nil else { throw LabError("the lab is down; the baseline joins its network", hint: "run `chaos lab up` first") }
            if baselinePID() != nil { return false }
            let credentials = try currentCredentials()
            let node = baselineSpec
            removeExtraNode(node)
            do {
                try LabNetwork(topology: topology, runner: runner).join(node)
                try makeBaselineFiles(credentials: credentials)
                let pid = try ServiceSpawner.start(ServiceLaunch(
                    namespace: node.namespace, user: "postgres",
                    command: ["\(LabFiles.postgresBin)/postgres", "-D", layout.dataDirectory(node.name)],
                    environment: ["LANG": "C.UTF-8", "PATH": "/usr/bin:/bin"], logFile: "\(layout.logDirectory(node.name))/postgres.log"))
                progress("baseline PostgreSQL starting at \(node.address) (pid \(pid))")
                try waitForBaseline(credentials: credentials)
                try createBaselineRole(credentials: credentials)
                try waitForBaselineOverTCP(credentials: credentials)
                progress("baseline PostgreSQL ready at \(node.address):\(LabPorts.postgres)")
                return true
            } catch {
                stopBaselineHoldingLock()
                let hint = (error as? LabError)?.hint ?? ""
                throw LabError("could not start the baseline PostgreSQL: \((error as? LabError)?.message ?? "\(error)")",
                               hint: hint.isEmpty ? "see \(layout.logDirectory(node.name))/postgres.log" : hint)
            }
        }
    }

    /// Stops the baseline and removes its namespace and data (tolerant of any of them missing).
    public func stopBaseline() {
        _ = try? withLabLock { () throws(LabError) in stopBaselineHoldingLock() }
    }

    func stopBaselineHoldingLock() {
        if let pid = baselinePID() {
            ProcessTable.send(SIGINT, to: pid)
            let survivors = ProcessTable.waitForExit(ProcessTable.tree(of: pid) + [pid], timeout: .seconds(15))
            if !survivors.isEmpty { ProcessTable.terminate(survivors, grace: .zero) }
        }
        removeExtraNode(baselineSpec)
    }

    /// initdb as postgres, then the cluster's parameters (as in infra/patroni/patroni.yml) with no replication.
    private func makeBaselineFiles(credentials: ClusterCredentials) throws(LabError) {
        let name = baselineSpec.name
        try createPrivateDirectories([layout.nodeDirectory(name), layout.runDirectory(name), layout.logDirectory(name)])
        _ = try? runner.output(["chown", "-R", "postgres:postgres", layout.nodeDirectory(name)])
        let initdb = runner.run([
            "/usr/sbin/runuser", "-u", "postgres", "--", "\(LabFiles.postgresBin)/initdb", "-D", layout.dataDirectory(name),
            "--encoding=UTF8", "--locale=C.UTF-8", "--data-checksums", "--auth-local=peer", "--auth-host=scram-sha-256",
        ], timeout: .seconds(120))
        guard initdb.succeeded else { throw LabError("initdb failed: \(CommandError(initdb))") }
        let parameters = [
            "listen_addresses = '\(baselineSpec.address),127.0.0.1'", "port = \(LabPorts.postgres)",
            "unix_socket_directories = '\(layout.runDirectory(name))'", "shared_buffers = 32MB", "max_connections = 100",
            "wal_level = replica", "wal_log_hints = on", "password_encryption = 'scram-sha-256'",
            "logging_collector = off",
        ]
        let hba = ["local all all peer", "host all all 127.0.0.1/32 scram-sha-256", "host all all \(topology.subnet) scram-sha-256"]
        do {
            let data = layout.dataDirectory(name)
            let conf = try String(contentsOfFile: "\(data)/postgresql.conf", encoding: .utf8)
            try (conf + "\n# chaos baseline: the cluster's settings, no replication\n" + parameters.joined(separator: "\n") + "\n")
                .write(toFile: "\(data)/postgresql.conf", atomically: false, encoding: .utf8)
            try (hba.joined(separator: "\n") + "\n").write(toFile: "\(data)/pg_hba.conf", atomically: false, encoding: .utf8)
        } catch { throw LabError("could not configure the baseline: \(error)") }
    }

    /// Runs SQL on the baseline over its Unix socket as postgres; the SQL goes in on standard input, so a
    /// password in it never shows in the process list.
    private func psql(_ sql: String) -> CommandResult {
        runner.run(["/usr/sbin/runuser", "-u", "postgres", "--", "\(LabFiles.postgresBin)/psql", "-X", "-q", "-v", "ON_ERROR_STOP=1",
                    "-h", layout.runDirectory(baselineSpec.name), "-d", "postgres"], input: sql + ";\n", timeout: .seconds(30))
    }

    private func waitForBaseline(credentials: ClusterCredentials) throws(LabError) {
        let deadline = ContinuousClock.now + .seconds(60)
        while ContinuousClock.now < deadline {
            if psql("SELECT 1").succeeded { return }
            usleep(200_000)
        }
        throw LabError("the baseline PostgreSQL did not accept connections within 60 s")
    }

    /// Waits (up to 30 s) until the application user connects over the bridge, as pgbench will. A baseline
    /// started again gets the old address with a new veth: the host's neighbour entry still names the old
    /// MAC, and connections time out until it is learnt again — so the entry is dropped first.
    private func waitForBaselineOverTCP(credentials: ClusterCredentials) throws(LabError) {
        forgetNeighbour(baselineSpec)
        let dsn = PostgresDSN.single(host: baselineAddress, user: credentials.appUser, password: credentials.appPassword,
                                     database: credentials.appDatabase, connectTimeoutSeconds: 2, applicationName: "chaos-baseline-check")
        let deadline = ContinuousClock.now + .seconds(30)
        var last = ""
        while ContinuousClock.now < deadline {
            do {
                _ = try PostgresConnection.connect(dsn: dsn, timeoutNs: 3_000_000_000)
                return
            } catch {
                last = "\(error)".replacingOccurrences(of: credentials.appPassword, with: "[secret]")
            }
            usleep(200_000)
        }
        throw LabError("the baseline does not accept connections at \(baselineAddress) within 30 s: \(last)")
    }

    private func createBaselineRole(credentials: ClusterCredentials) throws(LabError) {
        func identifier(_ name: String) -> String { "\"" + name.replacingOccurrences(of: "\"", with: "\"\"") + "\"" }
        // psql echoes a failing statement, password and all: the error keeps psql's words with the password blanked.
        func failure(_ what: String, _ result: CommandResult) -> LabError {
            LabError("could not create the application \(what) on the baseline: "
                     + "\(CommandError(result))".replacingOccurrences(of: credentials.appPassword, with: "[secret]"))
        }
        let password = credentials.appPassword.replacingOccurrences(of: "'", with: "''")
        let role = psql("CREATE ROLE \(identifier(credentials.appUser)) LOGIN PASSWORD '\(password)'")
        guard role.succeeded else { throw failure("role", role) }
        let database = psql("CREATE DATABASE \(identifier(credentials.appDatabase)) OWNER \(identifier(credentials.appUser))")
        guard database.succeeded else { throw failure("database", database) }
    }
}
