// The run engine without root and without a cluster: a platform that answers "healthy" and a node control
// that only records, so the engine's own rules are tested — a held fault healed on the normal way out and on
// an abort, a failed undo that turns any verdict into ABORTED with the fault left journaled, and the
// confirmation a cluster chaos did not build asks for before any fault (but not for a fault-free measurement).
// The runs have no writer (there is no database to write to); the observer polls a closed port on loopback,
// so nothing leaves this machine.

import Foundation
import Testing
@testable import ChaosKit

/// A node control that records what it is asked, and fails `start` when told to.
final class RecordingNodeControl: NodeControl, @unchecked Sendable {
    private let lock = NSLock()
    private var log: [String] = []
    let failStart: Bool

    init(failStart: Bool = false) { self.failStart = failStart }

    var actions: [String] { lock.withLock { log } }
    private func record(_ text: String) { lock.withLock { log.append(text) } }

    func inventory() throws -> Inventory { FakePlatform.inventory }
    func pid(of service: ServiceKind, on node: String) throws -> Int32? { 1 }
    func start(_ service: ServiceKind, on node: String) throws {
        record("start \(service.rawValue) on \(node)")
        if failStart { throw LabError("scripted: \(service.rawValue) on \(node) would not start") }
    }
    func stop(_ service: ServiceKind, on node: String, grace: Duration) throws { record("stop \(service.rawValue) on \(node)") }
    func kill(_ service: ServiceKind, on node: String, signal: Int32) throws { record("kill \(service.rawValue) on \(node)") }
    func signalNode(_ node: String, signal: Int32) throws { record("signal \(node)") }
    func pause(_ service: ServiceKind, on node: String) throws { record("pause \(service.rawValue) on \(node)") }
    func resume(_ service: ServiceKind, on node: String) throws { record("resume \(service.rawValue) on \(node)") }
    func restart(_ service: ServiceKind, on node: String) throws { record("restart \(service.rawValue) on \(node)") }
    func restartNode(_ node: String) throws { record("restart \(node)") }
    func networkExists(of node: String) throws -> Bool { true }
    func execute(in node: String, _ arguments: [String], timeout: Duration) throws -> CommandResult {
        record("\(node): \(arguments.joined(separator: " "))")
        return CommandResult(arguments: arguments, status: 0, standardOutput: "", standardError: "")
    }
}

/// A platform whose cluster is always healthy, on loopback ports where nothing listens.
struct FakePlatform: ClusterPlatform {
    let control: RecordingNodeControl
    let stateDirectory: String
    var safety: FaultSafety = .none
    var owns = false

    static let inventory: Inventory = {
        var inventory = FaultPlanningTests.inventory()
        for index in inventory.nodes.indices {
            inventory.nodes[index].address = "127.0.0.1"
            inventory.nodes[index].ports = ["postgres": 1, "patroni-api": 1, "etcd-client": 1, "pgpool": 1, "pcp": 1, "exporter": 1]
        }
        inventory.profile = .labDefault
        return inventory
    }()

    var kind: PlatformKind { .local }
    var runner: CommandRunner { CommandRunner() }
    var ownsCluster: Bool { owns }
    var nodeControl: any NodeControl { control }
    func currentInventory() throws(LabError) -> Inventory { Self.inventory }
    func currentCredentials() throws(LabError) -> ClusterCredentials { ClusterCredentials.generate() }
    func status() -> LabStatus {
        LabStatus(exists: true, healthy: true, problems: [], profile: .labDefault, leader: "pg1", nodes: [])
    }
    func logs(node: String?, lines: Int) throws(LabError) -> [LabLogExcerpt] { [] }
    func prepare(for requirements: ClusterRequirements, progress: LabProgress) throws(LabError) {}
    func rebuild(profile: ClusterRequirements, progress: LabProgress) throws(LabError) { throw LabError("not here") }
}

@Suite(.serialized) struct RunEngineFakePlatformTests {
    static func scenario(hold: String, background: Bool = false) throws -> Scenario {
        let text = """
            title: fake
            workload: {warmup: 0s, cooldown: 0s, rate: 5}
            method:
              - name: stop-replica
                fault: stop
                target: pg2
                service: postgres
                duration: \(hold)
                background: \(background)
              - name: meanwhile
                wait: 200ms

            """
        // The run copies its scenario file into the run folder: it must exist.
        let file = NSTemporaryDirectory() + "chaos-fake-\(UUID().uuidString).yaml"
        try text.write(toFile: file, atomically: true, encoding: .utf8)
        var scenario = try #require(ScenarioLoader(capabilities: .everything).load(text: text, file: file).scenario)
        scenario.workload.paths = []
        return scenario
    }

    func run(_ scenario: Scenario, control: RecordingNodeControl, safety: FaultSafety = .none, confirmed: String? = nil,
             abortAfter: Duration? = nil) throws -> (RunOutcome, FaultJournal) {
        let state = NSTemporaryDirectory() + "chaos-fake-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: state, withIntermediateDirectories: true)
        // The run's lock file is named after this throwaway state directory: nothing else will take it again.
        defer { try? FileManager.default.removeItem(atPath: RunLock.lockPath(stateDirectory: state)) }
        let platform = FakePlatform(control: control, stateDirectory: state, safety: safety)
        let runControl = RunControl()
        if let abortAfter {
            // The abort comes `abortAfter` after the fault was applied (its first action recorded), not after a
            // fixed time from the start: on a busy machine the warm-up alone took longer than 800 ms.
            Thread.detachNewThread {
                let deadline = ContinuousClock.now + .seconds(60)
                while control.actions.isEmpty, ContinuousClock.now < deadline { Thread.sleep(forTimeInterval: 0.01) }
                Thread.sleep(forTimeInterval: abortAfter.timeInterval)
                runControl.abort("test abort")
            }
        }
        let outcome = try RunEngine(platform: platform, runsDirectory: state + "/runs", confirmedCluster: confirmed).run(scenario, control: runControl, seed: 1)
        return (outcome, platform.journal)
    }

    @Test(.timeLimit(.minutes(2))) func aHeldFaultIsHealedAfterItsDuration() throws {
        let control = RecordingNodeControl()
        let (outcome, journal) = try run(try Self.scenario(hold: "500ms"), control: control)
        #expect(control.actions.prefix(2) == ["stop postgres on pg2", "start patroni on pg2"], "\(control.actions)")
        #expect(try journal.unhealed().isEmpty)
        #expect(outcome.record.steps.first?.outcome == "ok")
        #expect(outcome.record.verdict != .aborted, "\(outcome.record.reason ?? "")")
    }

    @Test(.timeLimit(.minutes(2))) func aBackgroundFaultHoldsWhileTheNextStepRunsAndIsHealed() throws {
        let control = RecordingNodeControl()
        let (outcome, journal) = try run(try Self.scenario(hold: "1500ms", background: true), control: control)
        let steps = outcome.record.steps
        let fault = try #require(steps.first { $0.name == "stop-replica" })
        let wait = try #require(steps.first { $0.name == "meanwhile" })
        #expect(wait.startNs < (fault.endNs ?? 0) && (wait.endNs ?? .max) < (fault.endNs ?? 0), "the wait ran while the fault held")
        #expect(fault.outcome == "ok" && control.actions.prefix(2) == ["stop postgres on pg2", "start patroni on pg2"], "\(control.actions)")
        #expect(try journal.unhealed().isEmpty)
    }

    @Test(.timeLimit(.minutes(2))) func anAbortHealsTheFaultItInterrupts() throws {
        let control = RecordingNodeControl()
        let started = ContinuousClock.now
        let (outcome, journal) = try run(try Self.scenario(hold: "60s"), control: control, abortAfter: .milliseconds(800))
        #expect(ContinuousClock.now - started < .seconds(30), "the 60 s hold was cut short")
        #expect(outcome.record.verdict == .aborted)
        #expect(outcome.record.reason?.contains("test abort") == true, "\(outcome.record.reason ?? "")")
        #expect(control.actions.contains("start patroni on pg2"), "\(control.actions)")
        #expect(try journal.unhealed().isEmpty)
    }

    @Test(.timeLimit(.minutes(2))) func aFailedUndoMakesTheRunAbortedAndLeavesTheFaultJournaled() throws {
        let control = RecordingNodeControl(failStart: true)
        let (outcome, journal) = try run(try Self.scenario(hold: "300ms"), control: control)
        #expect(outcome.record.verdict == .aborted)
        #expect(outcome.record.reason?.contains("faults left in effect") == true, "\(outcome.record.reason ?? "")")
        #expect(outcome.exitCode == 3)
        #expect(try journal.unhealed().count == 1, "chaos recover must still find it")
    }

    @Test(.timeLimit(.minutes(2))) func aClusterChaosDidNotBuildNeedsItsNameBeforeAnyFault() throws {
        let guarded = FaultSafety(confirmName: "staging", isProtected: false)
        let control = RecordingNodeControl()
        #expect(throws: RunError.self) { _ = try run(try Self.scenario(hold: "100ms"), control: control, safety: guarded) }
        #expect(throws: RunError.self) { _ = try run(try Self.scenario(hold: "100ms"), control: control, safety: guarded, confirmed: "prod") }
        #expect(control.actions.isEmpty, "nothing was touched: \(control.actions)")
        // A measurement with no fault needs no confirmation.
        var measure = try ScenarioLoader(capabilities: .everything).baselineScenario(duration: .seconds(0.3), rate: 5)
        measure.workload.paths = []
        let (outcome, _) = try run(measure, control: control, safety: guarded)
        #expect(outcome.record.verdict != .aborted || outcome.record.reason?.contains("confirm") != true)
        #expect(control.actions.isEmpty)
        let (confirmed, _) = try run(try Self.scenario(hold: "100ms"), control: control, safety: guarded, confirmed: "staging")
        #expect(confirmed.record.steps.first?.outcome == "ok")
    }

    @Test func aWedgedPgPoolIsRestartedOnlyOnAClusterChaosBuilt() {
        let wedged = LabStatus(exists: true, healthy: false, problems: ["PgPool-II refuses new connections"], profile: nil, leader: "pg1", nodes: [])
        for owns in [false, true] {
            let control = RecordingNodeControl()
            let platform = FakePlatform(control: control, stateDirectory: NSTemporaryDirectory(), owns: owns)
            var heal = PgPoolWedgeHeal()
            heal.grace = .zero
            _ = heal.observe(wedged, on: platform)
            usleep(10_000)
            _ = heal.observe(wedged, on: platform)
            #expect(control.actions == (owns ? ["restart pgpool on pgpool"] : []), "owns \(owns): \(control.actions)")
        }
    }
}
