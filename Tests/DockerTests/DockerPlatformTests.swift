// The Docker platform for real: the Compose stack (docker-compose.yaml, built from infra/) brought up on a
// Docker engine, then primary-kill and primary-isolate run against it through the same engine, faults and
// journal as the local lab, with their hypotheses holding. Run by scripts/docker-test.sh, which starts a
// dockerd of its own; anywhere else the suite is skipped with the reason printed.

import ChaosKit
import Foundation
import Testing

@Suite(.serialized, .enabled(if: DockerSupport.skipReason == nil, Comment(rawValue: DockerSupport.skipReason ?? "")))
struct DockerPlatformTests {
    @Test(.timeLimit(.minutes(20))) func composeStackRunsPrimaryKillAndPrimaryIsolate() throws {
        let stack = DockerSupport.stack()
        try DockerSupport.compose(["--profile", "monitoring", "up", "-d"])
        defer { _ = try? DockerSupport.compose(["--profile", "monitoring", "down", "-v", "--remove-orphans"]) }
        let lab = stack
        _ = try lab.waitUntilHealthy(timeout: .seconds(300))
        let inventory = try #require(lab.inventory())
        #expect(inventory.platform == "docker")
        #expect(inventory.nodes.map(\.name) == ["etcd1", "etcd2", "etcd3", "pg1", "pg2", "pg3", "pgpool"])
        #expect(inventory.nodes.filter { $0.kind == .postgres }.allSatisfy { $0.service(.postgres)?.pid != nil }, "postmaster PIDs found")

        // The monitoring profile: Prometheus (from the same image) scrapes Patroni, etcd and every exporter.
        let scraped = DockerSupport.waitForPrometheusTargets(expected: 9, timeout: .seconds(90))
        #expect(scraped.up == 9, "Prometheus targets up: \(scraped.up) of \(scraped.total): \(scraped.down)")

        let runs = NSTemporaryDirectory() + "chaos-docker-runs-\(UUID().uuidString)"
        defer { try? FileManager.default.removeItem(atPath: runs) }
        let engine = RunEngine(platform: lab, runsDirectory: runs)
        for name in ["primary-kill", "primary-isolate"] {
            _ = try lab.waitUntilHealthy(timeout: .seconds(180))
            let outcome = try engine.run(try DockerSupport.scenario(name), seed: 11)
            let record = outcome.record
            let broken = record.hypotheses.filter { !$0.held }.map(\.line)
            let troubled = record.steps.filter { $0.outcome != "ok" }.map { "\($0.name): \($0.outcome) \($0.detail ?? "")" }
            // What the issue asks: the scenario's hypotheses hold on Docker. A run can still end FAILED when the
            // stack takes longer than the run's 120 s recovery wait (seen once on primary-isolate: the old primary's
            // rewind and PgPool-II's re-attach); that is printed, and the stack must then recover within 4 min.
            #expect(!record.hypotheses.isEmpty && broken.isEmpty, "\(name) on Docker: \(broken) \(troubled)")
            #expect(record.verdict != .aborted, "\(name) on Docker aborted: \(record.reason ?? "")")
            if record.verdict != .passed {
                print("DockerPlatformTests: \(name) ended \(record.verdict.rawValue) (\(record.reason ?? "")); steps not ok: \(troubled)")
                _ = try lab.waitUntilHealthy(timeout: .seconds(240))
            }
            #expect(record.steps.first { $0.phase == "method" }?.targets?.first?.hasSuffix("(primary)") == true)
            #expect((record.results?.availability(of: .direct)?.rtoNs ?? 0) > 0, "\(name): a real outage was measured")
            #expect(try FaultJournal(stateDirectory: stack.stateDirectory).unhealed().isEmpty, "\(name) left a fault in effect")
        }

        // chaos bench on Docker: the cluster's targets measured through the containers' addresses; `single` has no
        // baseline on this platform and its cells end as errors saying so, while the others run.
        _ = try lab.waitUntilHealthy(timeout: .seconds(180))
        let definition = BenchDefinition(
            name: "docker", title: "docker", targets: [.single, .direct, .pgpool], modes: [.selectOnly], clients: [2],
            durationSeconds: 2, warmupSeconds: 1, repetitions: 1, scale: 1)
        let (_, bench) = try BenchRunner(platform: lab, runsDirectory: URL(fileURLWithPath: runs), progress: { print("bench: \($0)") },
                                         cancelled: { false }).run(definition)
        #expect(bench.cells.count == 3)
        #expect(bench.cells.first { $0.cell.target == .single }?.error?.contains("no standalone baseline") == true)
        for target in [BenchTarget.direct, .pgpool] {
            let cell = try #require(bench.cells.first { $0.cell.target == target })
            #expect(cell.error == nil && (cell.measurement?.tps ?? 0) > 0, "\(target) on Docker: \(cell.error ?? "")")
        }
    }
}

/// Finding the engine, the repository and the stack's settings.
enum DockerSupport {
    static let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    /// Why the Docker tests cannot run here, or nil when they can.
    static let skipReason: String? = {
        let environment = ProcessInfo.processInfo.environment
        guard environment["CHAOS_DOCKER_TESTS"] == "1" else {
            let reason = "Docker tests SKIPPED: they need a Docker engine; scripts/docker-test.sh starts one and runs them (CHAOS_DOCKER_TESTS=1)"
            FileHandle.standardError.write(Data((reason + "\n").utf8))
            return reason
        }
        guard CommandRunner().run(["docker", "info"], timeout: .seconds(20)).succeeded else {
            let reason = "Docker tests SKIPPED: `docker info` fails — no Docker engine answers"
            FileHandle.standardError.write(Data((reason + "\n").utf8))
            return reason
        }
        return nil
    }()

    static var environmentFile: String {
        ProcessInfo.processInfo.environment["CHAOS_DOCKER_ENV"] ?? repository.appendingPathComponent(".env").path
    }

    static func stack() -> DockerStack {
        DockerStack(project: "chaos", environmentFile: environmentFile)
    }

    /// Runs docker-compose (Debian's 1.29) on the repository's compose file.
    static func compose(_ arguments: [String]) throws {
        let result = CommandRunner().run(
            ["docker-compose", "--project-directory", repository.path, "--env-file", environmentFile, "-p", "chaos",
             "-f", repository.appendingPathComponent("docker-compose.yaml").path] + arguments,
            timeout: .seconds(600))
        try #require(result.succeeded, "docker-compose \(arguments.joined(separator: " ")): \(result.standardError)")
    }

    /// Polls Prometheus's /api/v1/targets until `expected` targets are up or `timeout` passes.
    static func waitForPrometheusTargets(expected: Int, timeout: Duration) -> (up: Int, total: Int, down: [String]) {
        let deadline = ContinuousClock.now + timeout
        var last: (up: Int, total: Int, down: [String]) = (0, 0, ["Prometheus did not answer"])
        while ContinuousClock.now < deadline {
            let result = CommandRunner().run(["curl", "-sf", "--max-time", "3", "http://10.204.0.50:9090/api/v1/targets"], timeout: .seconds(5))
            if result.succeeded, let object = try? JSONSerialization.jsonObject(with: Data(result.standardOutput.utf8)) as? [String: Any],
               let data = object["data"] as? [String: Any], let targets = data["activeTargets"] as? [[String: Any]] {
                let up = targets.filter { $0["health"] as? String == "up" }
                let down = targets.filter { $0["health"] as? String != "up" }.map { "\($0["scrapeUrl"] ?? "?"): \($0["lastError"] ?? "")" }
                last = (up.count, targets.count, down)
                if up.count >= expected { return last }
            }
            usleep(2_000_000)
        }
        return last
    }

    static func scenario(_ name: String) throws -> Scenario {
        let file = repository.appendingPathComponent("scenarios/\(name).yaml").path
        let result = ScenarioLoader(capabilities: .detectLocalKernel()).load(fileAt: file)
        return try #require(result.scenario, "\(result.diagnostics)")
    }
}
