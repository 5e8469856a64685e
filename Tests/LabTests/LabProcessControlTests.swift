// Process control on a live lab (the API faults build on): kill the leader's postmaster and see Patroni
// bring it back; pause and resume PgPool-II; run a command inside a namespace.

import ChaosKit
import Foundation
import Testing

extension LabSuite {
    @Suite struct LabProcessControlTests {
        let lab = LabSupport.controller()

        @Test func pauseResumeKillAndExecute() throws {
            let testLock = LabTestLock()
            defer { withExtendedLifetime(testLock) {} }
            _ = try lab.up(profile: .labDefault)
            let control = lab.control
            defer { _ = try? lab.down() }

            // execute: the namespace has the node's address and no default route.
            let addresses = try control.execute(in: "pg1", ["ip", "-4", "-o", "addr", "show", "dev", "eth0"], timeout: .seconds(5))
            #expect(addresses.standardOutput.contains(LabSupport.address("pg1") + "/24"))
            let routes = try control.execute(in: "pg1", ["ip", "route"], timeout: .seconds(5))
            #expect(!routes.standardOutput.contains("default"))

            // pause / resume PgPool-II's whole process tree.
            try control.pause(.pgpool, on: "pgpool")
            let pgpoolPID = try #require(try control.pid(of: .pgpool, on: "pgpool"))
            #expect(ProcessTable.isStopped(pgpoolPID))
            #expect(!lab.status().healthy)
            try control.resume(.pgpool, on: "pgpool")
            #expect(!ProcessTable.isStopped(pgpoolPID))

            // restart PgPool-II while a client holds a session: a smart shutdown would wait for the client, and a
            // child left behind would keep the port, so the new PgPool-II could not start.
            let credentials = try #require(lab.credentials())
            let client = Process()
            client.executableURL = URL(fileURLWithPath: "/usr/bin/psql")
            client.arguments = ["-X", "-q", "-h", LabSupport.address("pgpool"), "-p", "\(LabPorts.pgpool)", "-U", credentials.appUser,
                                "-d", credentials.appDatabase, "-c", "select pg_sleep(120)"]
            client.environment = ["PGPASSWORD": credentials.appPassword]
            client.standardOutput = FileHandle.nullDevice
            client.standardError = FileHandle.nullDevice
            try client.run()
            defer { if client.isRunning { client.terminate() } }
            usleep(1_000_000)
            #expect(client.isRunning, "the client's session through PgPool-II did not start")
            let oldTree = ProcessTable.tree(of: pgpoolPID)
            #expect(oldTree.count > 2, "PgPool-II's children were not found")
            try control.restart(.pgpool, on: "pgpool")
            #expect(try control.pid(of: .pgpool, on: "pgpool") != pgpoolPID)
            #expect(oldTree.filter(ProcessTable.isAlive).isEmpty, "PgPool-II's old processes outlived the restart")
            var answered: String?
            for _ in 0..<20 where answered == nil {
                answered = LabSupport.psql(host: LabSupport.address("pgpool"), port: LabPorts.pgpool, user: credentials.appUser,
                                           password: credentials.appPassword, database: credentials.appDatabase, sql: "select 1")
                if answered == nil { usleep(500_000) }
            }
            #expect(answered == "1", "the restarted PgPool-II takes no new client")

            // SIGKILL a replica's postmaster: Patroni starts PostgreSQL again.
            let leader = try #require(lab.status().leader)
            let replica = leader == "pg1" ? "pg2" : "pg1"
            let postmaster = try #require(try control.pid(of: .postgres, on: replica))
            try control.kill(.postgres, on: replica, signal: SIGKILL)
            #expect(ProcessTable.waitForExit([postmaster], timeout: .seconds(5)).isEmpty)
            let healed = try lab.waitUntilHealthy(timeout: .seconds(60))
            #expect(healed.healthy)
            let restarted = try control.pid(of: .postgres, on: replica)
            #expect(restarted != nil && restarted != postmaster)

            // restart a whole node.
            try control.restartNode(replica)
            #expect(try lab.waitUntilHealthy(timeout: .seconds(60)).healthy)
        }
    }
}
