// The Compose stack as a platform: the inventory is read from the running containers each time, the
// credentials from the stack's .env; a container's log is its main process's output, kept by Docker.
// Docker Compose owns the stack's lifecycle, so it is never reconfigured or rebuilt by chaos.

import Foundation

extension DockerStack: ClusterPlatform {
    public var kind: PlatformKind { .docker }
    public var ownsCluster: Bool { true }
    public var safety: FaultSafety { .none }
    public var nodeControl: any NodeControl { DockerNodeControl(stack: self) }

    public func currentInventory() throws(LabError) -> Inventory { try refresh() }

    /// The `monitoring` profile's Prometheus (label `io.chaos.role=monitoring`) when its container runs.
    public func prometheusURL() -> String? {
        let found = runner.run(
            ["docker", "ps", "-q", "--filter", "label=com.docker.compose.project=\(project)", "--filter", "label=io.chaos.role=monitoring"],
            timeout: .seconds(20))
        guard found.succeeded, let id = found.standardOutput.split(separator: "\n").first else { return nil }
        let address = runner.run(
            ["docker", "inspect", "-f", "{{range .NetworkSettings.Networks}}{{.IPAddress}} {{end}}", String(id)], timeout: .seconds(20))
        guard address.succeeded, let ip = address.standardOutput.split(separator: " ").first.map(String.init), !ip.isEmpty else { return nil }
        return "http://\(ip.trimmingCharacters(in: .whitespacesAndNewlines)):\(LabPorts.prometheus)"
    }

    public func currentCredentials() throws(LabError) -> ClusterCredentials {
        do { return try ClusterCredentials.load(from: layout.credentialsFile) } catch {
            // Written by `refresh()` from .env: read .env again rather than fail on a first use.
            return try DockerEnvironmentFile.read(environmentFile).credentials()
        }
    }

    public func status() -> LabStatus {
        // One read of the containers: the inventory, or why there is none.
        do {
            let inventory = try refresh()
            return probe(inventory, processes: ClusterHealth.processStates(of: inventory))
        } catch {
            return LabStatus(exists: false, healthy: false, problems: ["the Compose stack is not usable: \(error.message)"], profile: nil, leader: nil, nodes: [])
        }
    }

    public func logs(node: String?, lines: Int) throws(LabError) -> [LabLogExcerpt] {
        var excerpts: [LabLogExcerpt] = []
        for entry in try refresh().select(node) {
            guard let main = entry.services.first else { continue }
            let result = runner.run(["docker", "logs", "--tail", "\(lines)", entry.namespace], timeout: .seconds(20))
            excerpts.append(LabLogExcerpt(node: entry.name, service: main.kind, file: "docker logs \(entry.namespace)",
                                          text: (result.standardOutput + result.standardError).trimmingCharacters(in: .newlines)))
        }
        return excerpts
    }

    public func prepare(for requirements: ClusterRequirements, progress: LabProgress) throws(LabError) {
        let running = try refresh().profile
        guard running != requirements else { return }
        throw LabError("the Compose stack runs \(running.summary) but the scenario asks for \(requirements.summary)",
                       hint: "set the Patroni timings and sync mode in .env and recreate the stack (docs/docker.md)")
    }

    public func rebuild(profile: ClusterRequirements, progress: LabProgress) throws(LabError) {
        throw LabError("the Compose stack (project '\(project)') is built and changed with Docker Compose, not `chaos lab`",
                       hint: "`docker compose up -d` / `docker compose down -v`; Patroni timings and sync mode are set in .env (docs/docker.md)")
    }
}
