// `chaos bench` for real: a tiny benchmark of every target (the baseline started and removed for it), its
// artifacts and sane values, and nothing left behind; a target that cannot run ends its cells as errors
// while the others go on.

import ChaosKit
import Foundation
import Testing

extension LabSuite {
    @Suite(.serialized) struct BenchLabTests {
        let lab = LabSupport.controller()

        func pgbenchTablesOnTheCluster() throws -> String? {
            let credentials = try lab.currentCredentials()
            return LabSupport.psql(
                host: LabSupport.address("pgpool"), port: LabPorts.pgpool, user: credentials.appUser, password: credentials.appPassword,
                database: credentials.appDatabase, sql: "SELECT count(*) FROM pg_tables WHERE tablename LIKE 'pgbench_%'")?
                .trimmingCharacters(in: .whitespacesAndNewlines)
        }

        @Test(.timeLimit(.minutes(10))) func aTinyBenchOfEveryTargetLeavesItsArtifactsAndNothingElse() throws {
            let lock = LabTestLock()
            defer { withExtendedLifetime(lock) {} }
            try LabSupport.ensureHealthy(lab)
            let runs = URL(fileURLWithPath: NSTemporaryDirectory() + "chaos-bench-\(UUID().uuidString)")
            defer { try? FileManager.default.removeItem(at: runs) }
            let definition = BenchDefinition(
                name: "lab-test", title: "lab test", targets: [.single, .direct, .pgpool, .replica], modes: [.selectOnly, .insert],
                clients: [1, 2], durationSeconds: 3, warmupSeconds: 1, repetitions: 1, scale: 1)
            let runner = BenchRunner(platform: lab, runsDirectory: runs, progress: { print("bench: \($0)") }, cancelled: { false })
            let (directory, record) = try runner.run(definition)

            // select-only on all four targets, insert on the three that take writes: 2 client counts each.
            #expect(record.cells.count == 2 * (4 + 3))
            #expect(!record.hasErrors, "\(record.cells.compactMap(\.error))")
            for cell in record.cells {
                let measurement = try #require(cell.measurement, "\(cell.cell.label): \(cell.error ?? "")")
                let latency = measurement.latencyMs
                #expect(measurement.tps > 0 && measurement.transactions > 0, "\(cell.cell.label)")
                #expect(latency.p50 > 0 && latency.p50 <= latency.p95 && latency.p95 <= latency.p99 && latency.p99 <= latency.max, "\(cell.cell.label): \(latency)")
                #expect(measurement.perSecond.count == 3)
                // chaos's window and pgbench's own figure describe the same run (pgbench's includes the warm-up).
                let reported = try #require(cell.pgbenchReportedTps)
                #expect(measurement.tps > reported / 3 && measurement.tps < reported * 3, "\(cell.cell.label): \(measurement.tps) vs pgbench's \(reported)")
                #expect(!cell.command.joined(separator: " ").contains(try lab.currentCredentials().appPassword), "the password is on pgbench's command line")
            }
            #expect(record.environment.cores > 0 && record.environment.pgbenchVersion.contains("15") && record.environment.serverVersion.hasPrefix("15"))
            #expect(record.finishedAt != nil && !record.interrupted)

            for file in BenchDirectory.File.allCases {
                #expect(FileManager.default.fileExists(atPath: directory.url(of: file).path), "missing \(file.rawValue)")
            }
            let results = try String(contentsOf: directory.url(of: .results), encoding: .utf8).split(separator: "\n")
            #expect(results.count == 1 + record.cells.count)
            let html = try String(contentsOf: directory.url(of: .report), encoding: .utf8)
            #expect(html.components(separatedBy: "<svg").count - 1 >= 4)
            #expect(try BenchDirectory(url: directory.url).read().cells.count == record.cells.count)

            // Nothing left: the baseline is stopped with its namespace and data, pgbench's tables are gone.
            #expect(lab.baselinePID() == nil)
            #expect(!LabSupport.namespaces().contains(LabSupport.topology.baseline.namespace))
            #expect(!FileManager.default.fileExists(atPath: lab.layout.nodeDirectory("baseline")))
            #expect(try pgbenchTablesOnTheCluster() == "0")
        }

        @Test(.timeLimit(.minutes(5))) func aStopMidBenchKeepsTheFinishedCellsAndLeavesNothing() throws {
            let lock = LabTestLock()
            defer { withExtendedLifetime(lock) {} }
            try LabSupport.ensureHealthy(lab)
            let runs = URL(fileURLWithPath: NSTemporaryDirectory() + "chaos-bench-\(UUID().uuidString)")
            defer { try? FileManager.default.removeItem(at: runs) }
            // Ctrl-C as the CLI delivers it: the cancelled closure turns true while the second cell runs.
            let stop = Locked(false)
            let definition = BenchDefinition(
                name: "lab-test-stop", title: "lab test", targets: [.single, .direct], modes: [.selectOnly], clients: [1, 2],
                durationSeconds: 3, warmupSeconds: 1, repetitions: 1, scale: 1)
            let runner = BenchRunner(platform: lab, runsDirectory: runs, progress: { line in
                print("bench (stop test): \(line)")
                if line.hasPrefix("[2/") {
                    DispatchQueue.global().asyncAfter(deadline: .now() + 1) { stop.withLock { $0 = true } }
                }
            }, cancelled: { stop.withLock { $0 } })
            let started = ContinuousClock.now
            let (directory, record) = try runner.run(definition)
            #expect(ContinuousClock.now - started < .seconds(60), "the stop did not end the bench promptly")
            #expect(record.interrupted)
            #expect(record.cells.count == 1 && record.cells.first?.measurement != nil, "\(record.cells.map { "\($0.cell.label): \($0.error ?? "ok")" })")
            for file in BenchDirectory.File.allCases {
                #expect(FileManager.default.fileExists(atPath: directory.url(of: file).path), "missing \(file.rawValue)")
            }
            #expect(lab.baselinePID() == nil)
            #expect(!LabSupport.namespaces().contains(LabSupport.topology.baseline.namespace))
            #expect(try pgbenchTablesOnTheCluster() == "0")
            // This bench's pgbench (its log prefix is under `runs`) is gone.
            #expect(ProcessTable.allPIDs().allSatisfy { !ProcessTable.commandLine(of: $0).contains { $0.contains(runs.path) } },
                    "a pgbench of this bench is still running")
        }

        @Test(.timeLimit(.minutes(5))) func aTargetThatCannotRunEndsItsCellsAsErrorsAndTheRestGoOn() throws {
            let lock = LabTestLock()
            defer { withExtendedLifetime(lock) {} }
            try LabSupport.ensureHealthy(lab)
            let runs = URL(fileURLWithPath: NSTemporaryDirectory() + "chaos-bench-\(UUID().uuidString)")
            defer { try? FileManager.default.removeItem(at: runs) }
            // A "baseline" nothing listens on: pgbench -i fails there with its own message, the single cells end as
            // errors carrying it, and direct's cells still run.
            let platform = DeadBaselineLab(lab: lab)
            // 33 clients through PgPool-II (32 children): refused up front rather than left waiting for a child.
            let definition = BenchDefinition(
                name: "lab-test-error", title: "lab test", targets: [.single, .direct, .pgpool], modes: [.selectOnly], clients: [1, 33],
                durationSeconds: 2, warmupSeconds: 0, repetitions: 1, scale: 1)
            let (_, record) = try BenchRunner(platform: platform, runsDirectory: runs, progress: { _ in }, cancelled: { false }).run(definition)
            #expect(record.cells.count == 6 && record.hasErrors)
            let crowded = try #require(record.cells.first { $0.cell.target == .pgpool && $0.cell.clients == 33 })
            #expect(crowded.error?.contains("num_init_children") == true && crowded.command.isEmpty, "\(crowded.error ?? "")")
            for cell in record.cells where cell.cell.target != .single && !(cell.cell.target == .pgpool && cell.cell.clients == 33) {
                #expect(cell.error == nil && (cell.measurement?.tps ?? 0) > 0, "\(cell.cell.label): \(cell.error ?? "")")
            }
            let single = try #require(record.cells.first { $0.cell.target == .single })
            #expect(single.measurement == nil)
            #expect(single.error?.contains("pgbench -i failed") == true && single.error?.contains("127.0.0.1") == true, "\(single.error ?? "")")
            #expect(try pgbenchTablesOnTheCluster() == "0")
        }
    }
}

/// The lab, with a baseline address nothing listens on.
struct DeadBaselineLab: ClusterPlatform, BaselineProviding {
    let lab: LabController
    var kind: PlatformKind { lab.kind }
    var stateDirectory: String { lab.stateDirectory }
    var runner: CommandRunner { lab.runner }
    var ownsCluster: Bool { lab.ownsCluster }
    var safety: FaultSafety { lab.safety }
    var nodeControl: any NodeControl { lab.nodeControl }
    func currentInventory() throws(LabError) -> Inventory { try lab.currentInventory() }
    func currentCredentials() throws(LabError) -> ClusterCredentials { try lab.currentCredentials() }
    func status() -> LabStatus { lab.status() }
    func logs(node: String?, lines: Int) throws(LabError) -> [LabLogExcerpt] { try lab.logs(node: node, lines: lines) }
    func prepare(for requirements: ClusterRequirements, progress: LabProgress) throws(LabError) { try lab.prepare(for: requirements, progress: progress) }
    func rebuild(profile: ClusterRequirements, progress: LabProgress) throws(LabError) { try lab.rebuild(profile: profile, progress: progress) }
    var baselineAddress: HostPort { HostPort(host: "127.0.0.1", port: 1) }
    func startBaseline(progress: LabProgress) throws(LabError) -> Bool { false }
    func stopBaseline() {}
}
