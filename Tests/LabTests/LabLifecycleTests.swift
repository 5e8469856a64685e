// The lab for real: up → healthy → a row written through PgPool-II is read back on every replica → down →
// nothing left; and up over a deliberately stale half-lab on a host whose FORWARD policy is DROP.
// Needs root and the lab's packages.

import ChaosKit
import Foundation
import Testing

extension LabSuite {
    @Suite struct LabLifecycleTests {
        let lab = LabSupport.controller()

        @Test func upIsHealthyReplicatesThroughPgpoolAndDownLeavesNothing() throws {
            let testLock = LabTestLock()
            defer { withExtendedLifetime(testLock) {} }
            // A user's lab on the standard network (or, if none runs, one namespace of it standing in for it) must
            // survive the tests' lab coming and going.
            #expect(lab.topology.bridge != LabTopology.standard.bridge && lab.layout.stateDirectory != "/var/lib/chaos-lab")
            let usersNamespace = try #require(LabTopology.standard.node("pg1")).namespace
            let usersLabRuns = FileManager.default.fileExists(atPath: "/run/netns/\(usersNamespace)")
            if !usersLabRuns { try LabSupport.runner.output(["ip", "netns", "add", usersNamespace]) }
            defer { if !usersLabRuns { _ = LabSupport.runner.run(["ip", "netns", "delete", usersNamespace]) } }
            try lab.down()
            let result = try lab.up()
            #expect(result.outcome == .started)
            #expect(result.status.healthy, "problems: \(result.status.problems)")
            #expect(result.elapsed < .seconds(60))

            let again = try lab.up()
            #expect(again.outcome == .alreadyHealthy)

            let inventory = try #require(lab.inventory())
            let credentials = try #require(lab.credentials())
            let pgpool = try #require(inventory.node("pgpool"))
            let token = "row-\(UInt32.random(in: 0...UInt32.max))"
            let write = LabSupport.psql(
                host: pgpool.address, port: pgpool.ports["pgpool"] ?? 9999, user: credentials.appUser, password: credentials.appPassword,
                database: credentials.appDatabase,
                sql: "create table if not exists lab_test(token text primary key); insert into lab_test values ('\(token)')")
            #expect(write != nil, "write through PgPool-II failed")

            let leader = try #require(lab.status().leader)
            for replica in inventory.nodes(.postgres) where replica.name != leader {
                var seen: String?
                for _ in 0..<50 where seen != token {
                    seen = LabSupport.psql(host: replica.address, port: 5432, user: credentials.appUser, password: credentials.appPassword,
                                           database: credentials.appDatabase, sql: "select token from lab_test where token = '\(token)'")
                    if seen != token { usleep(100_000) }
                }
                #expect(seen == token, "replica \(replica.name) never showed the row written through PgPool-II")
            }

            let recorded = inventory.nodes.flatMap { $0.services.compactMap(\.pid) }
            let left = try lab.down()
            #expect(left.isClean)
            try expectNothingLeft(inventory: inventory, recordedPIDs: recorded)
            #expect(FileManager.default.fileExists(atPath: "/run/netns/\(usersNamespace)"), "the tests' lab down removed the user's lab")
        }

        @Test func upClearsAStaleHalfLab() throws {
            let testLock = LabTestLock()
            defer { withExtendedLifetime(testLock) {} }
            try lab.down()
            let topology = lab.topology
            let runner = LabSupport.runner
            // A killed run's remains: the bridge, two namespaces with veths, the FORWARD rule, a state directory
            // with a dead pid file, and a stray live process inside one namespace.
            try runner.output(["ip", "link", "add", topology.bridge, "type", "bridge"])
            for name in ["etcd1", "pg1"] {
                let node = try #require(topology.node(name))
                try runner.output(["ip", "netns", "add", node.namespace])
                try runner.output(["ip", "link", "add", node.hostInterface, "type", "veth", "peer", "name", "eth0", "netns", node.namespace])
                try runner.output(["ip", "link", "set", node.hostInterface, "master", topology.bridge])
            }
            try runner.output(["iptables", "-w", "5", "-I", "FORWARD", "-i", topology.bridge, "-o", topology.bridge,
                               "-m", "comment", "--comment", topology.ruleComment, "-j", "ACCEPT"])
            let runDirectory = lab.layout.runDirectory("pg1")
            try FileManager.default.createDirectory(atPath: runDirectory, withIntermediateDirectories: true)
            try "999999\n".write(toFile: lab.layout.pidFile("pg1", .patroni), atomically: true, encoding: .utf8)
            // …on a host whose FORWARD policy is DROP (as after dockerd ran): the lab's own rule must carry it.
            let policy = runner.run(["iptables", "-w", "5", "-S", "FORWARD"]).standardOutput.split(separator: "\n").first
                .map { $0.split(separator: " ").last.map(String.init) ?? "ACCEPT" } ?? "ACCEPT"
            try runner.output(["iptables", "-w", "5", "-P", "FORWARD", "DROP"])
            defer { _ = runner.run(["iptables", "-w", "5", "-P", "FORWARD", policy]) }
            let stray = try ServiceSpawner.start(ServiceLaunch(
                namespace: LabSupport.topology.node("pg1")!.namespace, user: "nobody", command: ["/bin/sleep", "600"], environment: [:], logFile: "/dev/null"))
            usleep(300_000)
            #expect(ProcessTable.isAlive(stray), "the stray process should really run before up")
            #expect(!lab.leftovers().isClean)

            let result = try lab.up()
            #expect(result.outcome == .started)
            #expect(result.clearedStale)
            #expect(result.status.healthy, "problems: \(result.status.problems)")
            #expect(!ProcessTable.isAlive(stray), "the stray process in pg1's namespace survived")

            let inventory = try #require(lab.inventory())
            let recorded = inventory.nodes.flatMap { $0.services.compactMap(\.pid) }
            try lab.down()
            try expectNothingLeft(inventory: inventory, recordedPIDs: recorded + [stray])
        }

        /// A bring-up from the bootstrap cache: pristine data (a row the last lab wrote is gone), the credentials
        /// the cache was made with, the data directories as overlays that `down` unmounts while the entry stays;
        /// `--no-cache` bootstraps afresh with new credentials.
        @Test func aResetStartsFromThePristineBootstrapCacheAndDownUnmountsIt() throws {
            let testLock = LabTestLock()
            defer { withExtendedLifetime(testLock) {} }
            try lab.down()
            _ = try lab.up()  // fills the cache when it has no entry for these settings yet
            #expect(lab.bootstrapCacheEntries >= 1)
            let credentials = try #require(lab.credentials())
            let leaderName = try #require(lab.status().leader)
            let leader = try #require(lab.inventory()?.node(leaderName))
            let write = LabSupport.psql(host: leader.address, port: 5432, user: credentials.appUser, password: credentials.appPassword,
                                        database: credentials.appDatabase, sql: "create table cache_probe(x int); select 'written'")
            #expect(write == "written")

            let messages = Locked([String]())
            let reset = try lab.reset(progress: { line in messages.withLock { $0.append(line) } })
            #expect(reset.status.healthy, "problems: \(reset.status.problems)")
            #expect(messages.withLock { $0 }.contains { $0.contains("from the bootstrap cache") }, "\(messages.withLock { $0 })")
            #expect(lab.credentials() == credentials, "a lab from the cache keeps the cache's credentials")
            let mounted = lab.leftovers().mounts
            #expect(mounted.count == 6, "an overlay and the filesystem under its upper layer per database node: \(mounted)")
            let newLeaderName = try #require(lab.status().leader)
            let newLeader = try #require(lab.inventory()?.node(newLeaderName))
            let probe = LabSupport.psql(host: newLeader.address, port: 5432, user: credentials.appUser, password: credentials.appPassword,
                                        database: credentials.appDatabase, sql: "select count(*) from pg_tables where tablename = 'cache_probe'")
            #expect(probe == "0", "the table the previous lab made is in the cached data: \(probe ?? "no answer")")

            let left = try lab.down()
            #expect(left.isClean && left.mounts.isEmpty, "\(left.summary)")
            #expect(lab.bootstrapCacheEntries >= 1, "down keeps the cache")

            let fresh = try lab.up(useCache: false)
            #expect(fresh.status.healthy, "problems: \(fresh.status.problems)")
            #expect(lab.leftovers().mounts.isEmpty, "--no-cache mounts nothing")
            #expect(lab.credentials() != credentials, "a fresh bootstrap makes new credentials")
        }

        /// Lists namespaces, links, rules, processes and the state directory itself, and expects none.
        private func expectNothingLeft(inventory: Inventory, recordedPIDs: [Int32]) throws {
            #expect(LabSupport.namespaces().isEmpty, "namespaces left: \(LabSupport.namespaces())")
            #expect(LabSupport.links(bridge: inventory.network.bridge).isEmpty, "links left: \(LabSupport.links(bridge: inventory.network.bridge))")
            let rules = LabSupport.rules(comment: lab.topology.ruleComment, bridge: inventory.network.bridge)
            #expect(rules.isEmpty, "iptables rules left: \(rules)")
            let processes = LabSupport.processes(stateDirectory: inventory.stateDirectory, addresses: inventory.nodes.map(\.address),
                                                 pids: recordedPIDs)
            #expect(processes.isEmpty, "processes left: \(processes)")
            #expect(!FileManager.default.fileExists(atPath: inventory.stateDirectory), "state directory \(inventory.stateDirectory) left")
        }
    }
}
