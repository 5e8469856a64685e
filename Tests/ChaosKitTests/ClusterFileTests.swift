// The cluster file: a good one is read into nodes, logins and service controls; a bad one is refused with
// every problem at file:line:col; the guard rails and the profile read from Patroni's configuration.

import Foundation
import Testing
import Yams
@testable import ChaosKit

struct ClusterFileTests {
    static let good = """
        name: staging
        credentials_file: /etc/chaos/staging.json
        revert_after: 2m
        ssh:
          user: admin
          identity_file: /home/me/.ssh/id_ed25519
        nodes:
          etcd1:
            kind: etcd
            address: 10.0.0.11
            ports: {etcd-client: 2379}
            services:
              etcd: {systemd: etcd.service}
          pg1:
            kind: postgres
            address: 10.0.0.21
            interface: ens3
            ports: {postgres: 5432, patroni-api: 8008}
            ssh: {port: 2222}
            services:
              patroni:
                start: "runuser -u postgres -- patroni /etc/patroni.yml"
                log: /var/log/patroni.log
          pgpool:
            kind: pgpool
            address: 10.0.0.30
            ports: {pgpool: 9999, pcp: 9898}
            services:
              pgpool: {systemd: pgpool2.service}

        """

    @Test func aGoodFileIsReadWithDefaultsAndOverrides() throws {
        let result = ClusterFileReader.read(text: Self.good, file: "c.yaml")
        let cluster = try #require(result.cluster, "\(result.diagnostics)")
        #expect(cluster.name == "staging" && !cluster.isProtected && cluster.revertAfter == 120)
        #expect(cluster.nodes.map(\.name) == ["etcd1", "pg1", "pgpool"])
        let pg1 = try #require(cluster.node("pg1"))
        #expect(pg1.interface == "ens3" && cluster.node("etcd1")?.interface == "eth0")
        #expect(pg1.login == SSHLogin(user: "admin", port: 2222, identityFile: "/home/me/.ssh/id_ed25519"))
        #expect(cluster.node("etcd1")?.login.port == 22)
        #expect(pg1.login.needsSudo)
        // Patroni is found by its REST port unless `listen:` says otherwise; PostgreSQL by its own port.
        #expect(pg1.services[.patroni] == .process(listen: 8008, start: "runuser -u postgres -- patroni /etc/patroni.yml", log: "/var/log/patroni.log"))
        #expect(pg1.services[.postgres] == .process(listen: 5432, start: nil, log: nil))
        #expect(cluster.node("pgpool")?.services[.pgpool] == .systemd(unit: "pgpool2.service"))
    }

    @Test func theInventoryCarriesInterfacesAndTheSSHPortThatFaultsMustKeepOpen() throws {
        let cluster = try #require(ClusterFileReader.read(text: Self.good, file: "c.yaml").cluster)
        let platform = SSHPlatform(file: "c.yaml", cluster: cluster, stateDirectory: "/tmp/none")
        let inventory = platform.inventory(profile: .labDefault)
        #expect(inventory.platform == "ssh" && inventory.scope == "staging")
        #expect(inventory.nodes.map(\.name) == ["etcd1", "pg1", "pgpool"])
        #expect(inventory.node("pg1")?.trafficInterface == "ens3" && inventory.node("pg1")?.controlPort == 2222)
        #expect(inventory.node("pg1")?.service(.patroni)?.command == ["sh", "-c", "runuser -u postgres -- patroni /etc/patroni.yml"])
        #expect(inventory.node("pg1")?.service(.postgres)?.command == [], "PostgreSQL is Patroni's to start")
        #expect(platform.safety == FaultSafety(confirmName: "staging", isProtected: false))
        #expect(!platform.ownsCluster)
    }

    @Test func everyProblemIsReportedAtItsPlace() {
        let text = """
            name: staging
            protected: maybe
            nodes:
              pg1:
                kind: postgres
                adress: 10.0.0.21
                ports: {postgres: 70000, patroni-api: 8008}
                services:
                  patroni: {systemd: patroni.service, start: "patroni"}
              etcd1:
                kind: etcd
                address: 10.0.0.11
                ports: {etcd-client: 2379}

            """
        let result = ClusterFileReader.read(text: text, file: "bad.yaml")
        #expect(result.cluster == nil)
        let lines = result.diagnostics.map(\.description)
        func has(_ fragment: String) -> Bool { lines.contains { $0.contains(fragment) } }
        #expect(has("bad.yaml:1:1") && has("missing 'credentials_file'"), "\(lines)")
        #expect(has("bad.yaml:2:12") && has("expected true or false"), "\(lines)")
        #expect(has("bad.yaml:6:5") && has("unknown key 'adress'") && has("address"), "\(lines)")
        #expect(has("missing 'address'"), "\(lines)")
        #expect(has("must be at most 65535"), "\(lines)")
        #expect(has("'start' has no meaning with 'systemd'"), "\(lines)")
        #expect(has("an etcd node needs services.etcd") || has("a etcd node needs services.etcd"), "\(lines)")
    }

    @Test func emptyAndBrokenFilesAreRefusedClearly() {
        #expect(ClusterFileReader.read(text: "", file: "e.yaml").diagnostics.first?.description.contains("e.yaml:1:1") == true)
        let broken = ClusterFileReader.read(text: "name: [unclosed\n", file: "b.yaml")
        #expect(broken.cluster == nil && broken.diagnostics.first?.description.hasPrefix("b.yaml:") == true)
        let missing = ClusterFileReader.load(path: "/nonexistent/cluster.yaml")
        #expect(missing.diagnostics.first?.message.contains("cannot read") == true)
        #expect(throws: LabError.self) { try SSHPlatform.load(clusterFile: "/nonexistent/cluster.yaml") }
    }

    @Test func aFaultNeedsTheRightNameAndNeverTouchesAProtectedCluster() throws {
        let guarded = FaultSafety(confirmName: "staging", isProtected: false)
        #expect(throws: LabError.self) { try guarded.check(confirmed: nil) }
        #expect(throws: LabError.self) { try guarded.check(confirmed: "production") }
        try guarded.check(confirmed: "staging")
        #expect(throws: LabError.self) { try FaultSafety(confirmName: "staging", isProtected: true).check(confirmed: "staging") }
        try FaultSafety.none.check(confirmed: nil)
    }

    @Test func theProfileIsReadFromPatronisConfiguration() throws {
        let fast = try SSHPlatform.requirements(fromPatroniConfig: ["ttl": 10, "loop_wait": 1, "retry_timeout": 4])
        #expect(fast == ClusterRequirements(profile: .fast, replication: .async, failsafe: false))
        let sync = try SSHPlatform.requirements(fromPatroniConfig: ["ttl": 30, "loop_wait": 10, "retry_timeout": 10, "synchronous_mode": true, "failsafe_mode": true])
        #expect(sync == ClusterRequirements(profile: .patroniDefault, replication: .sync, failsafe: true))
        let custom = try SSHPlatform.requirements(fromPatroniConfig: ["ttl": 45, "loop_wait": 3, "retry_timeout": 7])
        #expect(custom.timings == PatroniTimings(ttl: 45, loopWait: 3, retryTimeout: 7) && custom.timingName == "custom", "no preset: kept as values")
    }

    @Test func draftedValuesAreQuotedSoYAMLReadsThemBack() throws {
        for text in ["plain", "with \"quotes\" and \\ backslash", "cd /x && exec env -i 'A=b c' run", "tab\there", "ünïcode: yes"] {
            let yaml = "value: \(ClusterDiscovery.quote(text))\n"
            let read = try #require(try Yams.load(yaml: yaml) as? [String: String])
            #expect(read["value"] == text)
        }
    }
}
