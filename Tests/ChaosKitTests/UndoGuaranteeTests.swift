// The undo guarantees of docs/faults.md, each against the failure that used to be hidden: an undo that cannot
// tell whether its change is gone fails (and the fault stays in the journal); two faults never own one thing.

import Foundation
import Testing
@testable import ChaosKit

@Suite struct UndoGuaranteeTests {
    static let rule = UndoAction.deleteIptablesRule(node: "pg1", chain: "INPUT", rule: ["-s", "10.203.0.22", "-j", "DROP"])

    func executor(_ control: ScriptedNodeControl) -> FaultExecutor {
        FaultExecutor(control: control, inventory: FaultPlanningTests.inventory(), credentials: ClusterCredentials.generate())
    }

    func journal() -> FaultJournal { FaultJournal(path: NSTemporaryDirectory() + "chaos-undo-\(UUID().uuidString)") }

    @Test func aRuleIsDeletedUntilIptablesSaysItIsAbsent() throws {
        let present = Locked(2)
        let control = ScriptedNodeControl { _, arguments in
            if arguments.contains("-C") { return (present.snapshot > 0 ? 0 : 1, "") }
            present.withLock { $0 -= 1 }
            return (0, "")
        }
        try executor(control).undo(Self.rule)
        #expect(control.commands.filter { $0.contains(" -D ") }.count == 2)
    }

    @Test func anXtablesLockTimeoutIsAFailedUndoNotAnAbsentRule() {
        // iptables exits 4 when it cannot take the xtables lock within -w: that says nothing about the rule.
        let control = ScriptedNodeControl { _, _ in (4, "") }
        #expect(throws: FaultError.self) { try executor(control).undo(Self.rule) }
    }

    @Test func aFailedQdiscListingIsAFailedUndo() {
        let control = ScriptedNodeControl { _, _ in (1, "") }
        #expect(throws: FaultError.self) { try executor(control).undo(.deleteQdisc(node: "pg1", device: "eth0")) }
        #expect(!control.commands.contains { $0.contains("qdisc del") })
    }

    @Test func aQdiscThatIsThereIsDeleted() throws {
        let control = ScriptedNodeControl { _, arguments in
            arguments.contains("show") ? (0, "qdisc tbf ca05: root refcnt 2 rate 1Mbit burst 4Kb lat 400ms\n") : (0, "")
        }
        try executor(control).undo(.deleteQdisc(node: "pg1", device: "eth0"))
        #expect(control.commands.contains("pg1: tc qdisc del dev eth0 root"))
        // Someone else's (another handle) is left alone.
        let foreign = ScriptedNodeControl { _, arguments in
            arguments.contains("show") ? (0, "qdisc tbf 8001: root refcnt 2 rate 1Mbit burst 4Kb lat 400ms\n") : (0, "")
        }
        try executor(foreign).undo(.deleteQdisc(node: "pg1", device: "eth0"))
        #expect(!foreign.commands.contains { $0.contains("qdisc del") })
    }

    @Test func anUnreadableInventoryIsAFailedUndoNotAGoneNetwork() {
        let control = ScriptedNodeControl(network: { _ in throw LabError("inventory unreadable") }) { _, _ in (0, "") }
        #expect(throws: (any Error).self) { try executor(control).undo(Self.rule) }
        #expect(control.commands.isEmpty)
    }

    @Test func aForeignRootQdiscIsNeitherReplacedNorDeleted() throws {
        let control = ScriptedNodeControl { _, arguments in
            arguments.contains("show") ? (0, "qdisc netem 8002: root refcnt 2 limit 1000 delay 5ms\n") : (0, "")
        }
        let injector = FaultInjector(executor: executor(control), journal: journal(), runID: "test")
        defer { try? FileManager.default.removeItem(atPath: injector.journal.path) }
        let plan = try FaultPlanningTests().plan("fault: bandwidth\ntarget: pg1\nrate: 1mbit")
        #expect(throws: FaultError.self) { try injector.inject(plan, id: "f-a") }
        #expect(!control.commands.contains { $0.contains("qdisc add") || $0.contains("qdisc del") }, "\(control.commands)")
    }

    @Test func aSecondFaultOnTheSameThingIsRefusedBeforeAnythingIsTouched() throws {
        let control = ScriptedNodeControl { _, arguments in (0, arguments.contains("show") ? "qdisc noqueue 0: root\n" : "") }
        let injector = FaultInjector(executor: executor(control), journal: journal(), runID: "test")
        defer { try? FileManager.default.removeItem(atPath: injector.journal.path) }
        let first = try FaultPlanningTests().plan("fault: bandwidth\ntarget: pg1\nrate: 1mbit")
        _ = try injector.inject(first, id: "f-first")
        let before = control.commands.count
        let second = try FaultPlanningTests().plan("fault: bandwidth\ntarget: pg1\nrate: 2mbit")
        #expect(throws: FaultError.self) { try injector.inject(second, id: "f-second") }
        #expect(control.commands.count == before, "the refused fault touched the node: \(control.commands.dropFirst(before))")
        #expect(try injector.journal.unhealed().map(\.record.id) == ["f-first"])
        // A pause and a stop of one service overlap too; another node's service does not.
        let pause = try FaultPlanningTests().plan("fault: pause\ntarget: pg2\nservice: patroni")
        _ = try injector.inject(pause, id: "f-pause")
        let stop = try FaultPlanningTests().plan("fault: stop\ntarget: pg2\nservice: patroni")
        #expect(throws: FaultError.self) { try injector.inject(stop, id: "f-stop") }
        _ = try injector.inject(try FaultPlanningTests().plan("fault: stop\ntarget: pg3\nservice: patroni"), id: "f-stop3")
    }

    @Test func aFailedUndoLeavesTheFaultInTheJournalAndRecoverRetriesIt() throws {
        let lockHeld = Locked(true)
        let control = ScriptedNodeControl { _, arguments in
            if arguments.contains("-C") { return lockHeld.snapshot ? (4, "") : (1, "") }
            return (0, "")
        }
        let injector = FaultInjector(executor: executor(control), journal: journal(), runID: "test")
        defer { try? FileManager.default.removeItem(atPath: injector.journal.path) }
        let fault = try injector.inject(try FaultPlanningTests().plan("fault: isolate\ntarget: pg1"), id: "f-iso")
        let failed = injector.heal(fault)
        #expect(!failed.healed)
        #expect(failed.failures.contains("iptables"))
        #expect(try injector.journal.unhealed().map(\.record.id) == ["f-iso"])
        lockHeld.withLock { $0 = false }
        let reports = try injector.recover()
        #expect(reports.map(\.healed) == [true])
        #expect(try injector.journal.unhealed().isEmpty)
    }

    @Test func aHealedRecordThatCannotBeWrittenIsNotAHeal() throws {
        let control = ScriptedNodeControl { _, _ in (1, "") }
        let injector = FaultInjector(executor: executor(control), journal: journal(), runID: "test")
        let fault = try injector.inject(try FaultPlanningTests().plan("fault: stop\ntarget: pg3\nservice: patroni"), id: "f-stop")
        // The journal turns into a directory: the `healed` record cannot be appended.
        try FileManager.default.removeItem(atPath: injector.journal.path)
        try FileManager.default.createDirectory(atPath: injector.journal.path, withIntermediateDirectories: false)
        defer { try? FileManager.default.removeItem(atPath: injector.journal.path) }
        let report = injector.heal(fault)
        #expect(!report.healed)
        #expect(report.journalError != nil)
    }
}

@Suite struct ProcessIdentityTests {
    /// A child that sleeps, and its PID.
    func sleeper() throws -> Process {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/sleep")
        process.arguments = ["30"]
        try process.run()
        return process
    }

    @Test func aRecordedPIDCountsOnlyWhileItsStartTimeMatches() throws {
        let child = try sleeper()
        defer { child.terminate(); child.waitUntilExit() }
        let pid = child.processIdentifier
        let started = try #require(ProcessTable.startTime(of: pid))
        var record = Inventory.Service(kind: .etcd, user: "etcd", pid: pid, pidFile: "", logFile: "", command: ["etcd"])
        record.pidStartTime = started
        #expect(LocalLab.livePID(record) == pid)
        // The same PID with another start time is another process (the kernel reused the number): not ours.
        record.pidStartTime = started + 1
        #expect(LocalLab.livePID(record) == nil)
    }

    @Test func aPostmasterPidFileMustNameAProcessThatStartedThen() throws {
        let child = try sleeper()
        defer { child.terminate(); child.waitUntilExit() }
        let pid = child.processIdentifier
        let started = try #require(ProcessTable.startEpochSeconds(of: pid))
        let file = NSTemporaryDirectory() + "postmaster-\(UUID().uuidString).pid"
        defer { try? FileManager.default.removeItem(atPath: file) }
        let record = Inventory.Service(kind: .postgres, user: "postgres", pid: nil, pidFile: file, logFile: "", command: [])
        try "\(pid)\n/data\n\(Int(started))\n5432\n".write(toFile: file, atomically: true, encoding: .utf8)
        #expect(LocalLab.livePID(record) == pid)
        // A stale postmaster.pid from an hour ago whose PID now belongs to something else.
        try "\(pid)\n/data\n\(Int(started) - 3600)\n5432\n".write(toFile: file, atomically: true, encoding: .utf8)
        #expect(LocalLab.livePID(record) == nil)
    }

    @Test func killRefusesAStopSignalEvenPastTheValidator() throws {
        // A caller of the library (or an old journal) that hands KillFault SIGSTOP directly.
        let definition = try #require(KindCatalog.faults.kind(named: "kill"))
        let invocation = KindInvocation(definition: definition, parameters: [
            "target": .target(TargetSelector(.replica)), "service": .string("patroni"),
            "signal": .signal(Signal(name: "SIGSTOP", number: 19)),
        ])
        let kind = try #require(FaultRegistry.kind(named: "kill"))
        #expect(throws: FaultError.self) {
            try kind.plan(FaultRequest(invocation: invocation, roles: FaultPlanningTests.roles, inventory: FaultPlanningTests.inventory(),
                                       id: "f-1", generator: SeededGenerator(seed: 1)))
        }
    }
}
