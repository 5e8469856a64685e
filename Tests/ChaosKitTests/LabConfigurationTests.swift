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

    @Test func everyInfraTemplateRendersWithTheLabValues() throws {
        let infra = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("infra").path
        let placeholder = try NSRegularExpression(pattern: "\\{\\{\\s*(\\w+)\\s*\\}\\}")
        for file in ["etcd/etcd.conf.yml", "patroni/patroni.yml", "pgpool/pgpool.conf"] {
            let text = try String(contentsOfFile: "\(infra)/\(file)", encoding: .utf8)
            let names = placeholder.matches(in: text, range: NSRange(text.startIndex..., in: text)).compactMap {
                Range($0.range(at: 1), in: text).map { String(text[$0]) }
            }
            #expect(!names.isEmpty, "\(file) has no placeholders")
        }
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
