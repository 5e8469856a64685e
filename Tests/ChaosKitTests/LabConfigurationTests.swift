// Lab pieces that need no root: templates, profiles, the status table, the inventory round trip.

import Foundation
import Testing
@testable import ChaosKit

@Suite struct LabConfigurationTests {
    @Test func rendersPlaceholdersAndRejectsMissingOnes() throws {
        let text = try TemplateRenderer.render("ttl: {{ttl}} / {{ name }}", values: ["ttl": "10", "name": "pg1"], templateName: "t")
        #expect(text == "ttl: 10 / pg1")
        #expect(throws: LabError.self) { try TemplateRenderer.render("{{missing}}", values: [:], templateName: "t") }
    }

    static var canWriteLabFiles: Bool { getuid() == 0 && getpwnam("postgres") != nil && getpwnam("etcd") != nil }

    /// Renders the real lab files (as `chaos lab up` does, into a throwaway state directory) and reads them back:
    /// every placeholder filled, and the values are the lab's — its addresses, subnet, profile and passwords.
    @Test(.enabled(if: canWriteLabFiles, "needs root and the postgres and etcd users (scripts/install-deps.sh)"))
    func everyInfraTemplateRendersWithTheLabValues() throws {
        let infraPath = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("infra").path
        let state = NSTemporaryDirectory() + "chaos-labfiles-\(UUID().uuidString)"
        defer { try? FileManager.default.removeItem(atPath: state) }
        let credentials = ClusterCredentials.generate()
        let topology = LabTopology.test
        let files = LabFiles(
            topology: topology, layout: LabLayout(stateDirectory: state), infra: try LabInfra.locate(environment: ["CHAOS_INFRA_DIR": infraPath]),
            credentials: credentials, profile: .labDefault, runner: CommandRunner())
        let nodes = try files.writeAll()
        #expect(nodes.map(\.name) == topology.nodes.map(\.name))
        var rendered = 0
        for node in topology.nodes {
            let conf = "\(state)/nodes/\(node.name)/conf"
            for file in try FileManager.default.contentsOfDirectory(atPath: conf) {
                let text = try String(contentsOfFile: "\(conf)/\(file)", encoding: .utf8)
                #expect(!text.contains("{{"), "\(node.name)/\(file) kept a placeholder")
                rendered += 1
            }
        }
        #expect(rendered >= 10)
        let etcd = try String(contentsOfFile: "\(state)/nodes/etcd2/conf/etcd.conf.yml", encoding: .utf8)
        #expect(etcd.contains(topology.node("etcd2")!.address) && etcd.contains("etcd3=http://\(topology.node("etcd3")!.address):2380"))
        let patroni = try String(contentsOfFile: "\(state)/nodes/pg3/conf/patroni.yml", encoding: .utf8)
        #expect(patroni.contains(topology.node("pg3")!.address) && patroni.contains(credentials.replicationPassword))
        #expect(patroni.contains("ttl: \(ClusterRequirements.labDefault.ttl)"))
        let pgpool = try String(contentsOfFile: "\(state)/nodes/pgpool/conf/pgpool.conf", encoding: .utf8)
        #expect(pgpool.contains("search_primary_node_timeout = \(ClusterRequirements.labDefault.searchPrimaryNodeTimeout)"))
        #expect(pgpool.contains("backend_hostname2 = '\(topology.node("pg3")!.address)'"))
        #expect(pgpool.contains("failover_on_backend_error = off"))
        #expect(pgpool.contains("failover_command = '\(state)/nodes/pgpool/conf/failover.sh %d %h %P'"))
        let failover = try String(contentsOfFile: "\(state)/nodes/pgpool/conf/failover.sh", encoding: .utf8)
        #expect(failover.contains("PCPPASSFILE='\(state)/nodes/pgpool/conf/pcppass'"))
        let hba = try String(contentsOfFile: "\(state)/nodes/pgpool/conf/pool_hba.conf", encoding: .utf8)
        #expect(hba.contains(topology.subnet))
    }

    @Test func profilesMatchTheIssue() {
        func timing(_ profile: TimingProfile) -> [Int] { [profile.timings.ttl, profile.timings.loopWait, profile.timings.retryTimeout] }
        #expect(timing(.fast) == [10, 1, 4])
        #expect(timing(.patroniDefault) == [30, 10, 10])
        #expect(timing(.seed) == [20, 5, 5])
        #expect(ClusterRequirements.labDefault.searchPrimaryNodeTimeout == 30)
    }

    @Test func splitsIptablesRulesWithQuotedComments() {
        let words = LabNetwork.shellWords(#"-A FORWARD -i chaosbr0 -m comment --comment "chaos lab" -j ACCEPT"#)
        #expect(words == ["-A", "FORWARD", "-i", "chaosbr0", "-m", "comment", "--comment", "chaos lab", "-j", "ACCEPT"])
    }

    @Test func inventoryRoundTripsThroughJSON() throws {
        let directory = NSTemporaryDirectory() + "chaos-inventory-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let inventory = Inventory(
            platform: "local-lab", scope: "chaos", stateDirectory: directory, credentialsFile: "\(directory)/credentials.json",
            network: .init(bridge: "chaosbr0", subnet: "10.203.0.0/24", hostAddress: "10.203.0.1"), profile: .labDefault,
            nodes: [Inventory.Node(name: "pg1", kind: .postgres, namespace: "chaos-pg1", address: "10.203.0.21", hostInterface: "chv-pg1",
                                   ports: ["postgres": 5432], directory: "\(directory)/nodes/pg1",
                                   services: [.init(kind: .patroni, user: "postgres", pid: 42, pidFile: "p", logFile: "l", command: ["x"])])],
            createdAt: "2026-01-01T00:00:00Z")
        let path = Inventory.path(stateDirectory: directory)
        try inventory.write(to: path)
        #expect(try Inventory.load(from: path) == inventory)
    }

    @Test func credentialsFileIsPrivateAndNeverPrinted() throws {
        let path = NSTemporaryDirectory() + "chaos-credentials-\(UUID().uuidString).json"
        defer { try? FileManager.default.removeItem(atPath: path) }
        let credentials = ClusterCredentials.generate()
        try credentials.write(to: path)
        let mode = try FileManager.default.attributesOfItem(atPath: path)[.posixPermissions] as? Int
        #expect(mode == 0o600)
        #expect(!"\(credentials)".contains(credentials.superuserPassword))
        #expect(try ClusterCredentials.load(from: path) == credentials)
    }

    @Test func absentLabPrintsHowToStartIt() {
        #expect(LabStatus.absent.table().contains("chaos lab up"))
    }
}
