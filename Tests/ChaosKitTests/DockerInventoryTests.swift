import Foundation
import Testing
@testable import ChaosKit

@Suite struct DockerInventoryTests {
    static let inspect = """
        [{"Name": "/chaos-pg1-1", "Config": {"Labels": {"io.chaos.node": "pg1", "io.chaos.role": "postgres", "com.docker.compose.project": "chaos"}},
          "State": {"Running": true, "Paused": false, "Pid": 4242},
          "NetworkSettings": {"Networks": {"chaos_chaos": {"IPAddress": "10.204.0.21", "IPPrefixLen": 24, "Gateway": "10.204.0.1"}}}},
         {"Name": "/chaos-etcd2-1", "Config": {"Labels": {"io.chaos.node": "etcd2", "io.chaos.role": "etcd"}},
          "State": {"Running": false, "Paused": false, "Pid": 0},
          "NetworkSettings": {"Networks": {"chaos_chaos": {"IPAddress": "", "IPPrefixLen": 0, "Gateway": ""}}}},
         {"Name": "/chaos-exporter-pg1-1", "Config": {"Labels": {"io.chaos.role": "exporter"}}, "State": {"Running": true, "Pid": 7}}]
        """

    @Test func inspectOutputBecomesContainersWithLabelsStateAndAddress() throws {
        let containers = try DockerContainer.parse(inspect: Self.inspect)
        #expect(containers.map(\.node) == ["pg1", "etcd2"], "a container without io.chaos.node is not a node")
        #expect(containers[0] == DockerContainer(
            name: "chaos-pg1-1", node: "pg1", role: "postgres", running: true, paused: false, pid: 4242,
            address: "10.204.0.21", prefixLength: 24, gateway: "10.204.0.1"))
        #expect(!containers[1].running && containers[1].pid == 0)
        #expect(throws: LabError.self) { try DockerContainer.parse(inspect: "not json") }
    }

    @Test func environmentFileGivesCredentialsAndProfile() throws {
        let file = DockerEnvironmentFile(text: """
            # comment
            SUPERUSER_PASSWORD=s1
            REPLICATION_PASSWORD="r2"
            REWIND_PASSWORD='w3'
            RESTAPI_PASSWORD=a4
            APP_PASSWORD=p5
            PCP_PASSWORD=c6
            TTL=30
            LOOP_WAIT=10
            RETRY_TIMEOUT=10
            SYNCHRONOUS_MODE=true
            """)
        let credentials = try file.credentials()
        #expect(credentials.superuserPassword == "s1" && credentials.replicationPassword == "r2" && credentials.rewindPassword == "w3")
        #expect(credentials.appUser == "chaos" && credentials.pcpUser == "pcpadmin")
        #expect(try file.profile() == ClusterRequirements(profile: .patroniDefault, replication: .sync))
        var missing = file
        missing.values["APP_PASSWORD"] = nil
        #expect(throws: LabError.self) { try missing.credentials() }
        var odd = file
        odd.values["TTL"] = "17"
        #expect(throws: LabError.self) { try odd.profile() }
    }

    @Test func buildOrdersNodesAndLeavesPIDsOfStoppedContainersOut() throws {
        let containers = try DockerContainer.parse(inspect: Self.inspect)
        let settings = DockerEnvironmentFile(text: "SUPERUSER_PASSWORD=x\n")
        let inventory = try DockerInventory.build(
            project: "chaos", containers: containers, settings: settings, layout: LabLayout(stateDirectory: "/tmp/x"))
        #expect(inventory.platform == "docker")
        #expect(inventory.nodes.map(\.name) == ["etcd2", "pg1"])
        #expect(inventory.nodes[0].service(.etcd)?.pid == nil)
        #expect(inventory.nodes[1].service(.patroni)?.pid == 4242)
        #expect(inventory.nodes[1].service(.patroni)?.command == ["docker", "start", "chaos-pg1-1"])
        #expect(inventory.nodes[1].namespace == "chaos-pg1-1")
        #expect(inventory.network.subnet == "10.204.0.0/24" && inventory.network.hostAddress == "10.204.0.1")
        #expect(inventory.profile == ClusterRequirements())
    }

    @Test func subnetMasksTheAddress() {
        #expect(DockerInventory.subnet(address: "172.18.3.7", prefixLength: 16) == "172.18.0.0/16")
        #expect(DockerInventory.subnet(address: "bad", prefixLength: 24) == "")
    }
}
