// A free game day on the fake platform: a fault journaled by "another terminal" lands on the run's timeline at
// the moment its record says, its heal too, a note from `chaos note` is entered at its own time, and the
// operator's `e` ends the exercise early with its minutes.

import Foundation
import Testing
@testable import ChaosKit

struct GamedayFreeTests {
    @Test(.timeLimit(.minutes(2))) func faultsAndNotesFromOtherTerminalsLandOnTheFreeExercisesTimeline() throws {
        let (_, platform, state) = try GamedayTests.fake("title: unused\nmethod:\n  - name: x\n    wait: 1s\n")
        defer { GamedayTests.clean(state) }
        var scenario = try ScenarioLoader(capabilities: .everything).baselineScenario(duration: .seconds(60), rate: 5, name: "gameday-free-test")
        scenario.workload.paths = []
        scenario.workload.warmup = .zero
        scenario.workload.cooldown = .zero
        let board = GamedayNoteBoard(stateDirectory: state)
        let stamps = Locked<(fault: Int64, heal: Int64, note: Int64, origin: Int64)>((0, 0, 0, 0))
        var runner = GamedayRunner(engine: RunEngine(platform: platform, runsDirectory: state + "/runs"), operators: ["Alice"])
        runner.onLive = { live, _ in
            stamps.withLock { $0.origin = live.clock.originNs }
            // Another terminal: a fault, a note, the heal, each written while the exercise runs.
            Thread {
                while live.methodStartNs == nil { Thread.sleep(forTimeInterval: 0.05) }
                Thread.sleep(forTimeInterval: 0.4)
                let inject = FaultJournalRecord(event: .inject, id: "f-outside", kind: "stop", target: "pg2 (replica)",
                                                undo: [.startService(node: "pg2", service: "patroni")], run: "manual", at: "t")
                try? platform.journal.append(inject)
                Thread.sleep(forTimeInterval: 0.3)
                let note = try? board.post("pg2 stopped by hand", author: "Bob")
                #expect(note?.runID == live.runID)
                Thread.sleep(forTimeInterval: 0.3)
                let healed = FaultJournalRecord(event: .healed, id: "f-outside", at: "t")
                try? platform.journal.append(healed)
                stamps.withLock { $0.fault = inject.monotonicNs ?? 0; $0.heal = healed.monotonicNs ?? 0 }
            }.start()
        }
        let person = GamedayKeysFile(entries: [.init(pause: 2.5, line: "e")], display: { _ in })
        let started = ContinuousClock.now
        let (outcome, minutes) = try runner.runFree(scenario, operator: person, seed: 1)
        #expect(ContinuousClock.now - started < .seconds(30), "e ended the exercise long before its 60 s")
        let record = outcome.record
        let times = stamps.snapshot
        let window = try #require(record.faults.first { $0.step == "f-outside" })
        #expect(window.startNs == times.fault - times.origin, "the fault sits where its journal record says it fired")
        #expect(window.endNs == times.heal - times.origin)
        #expect(window.kind == "stop" && window.targets == ["pg2 (replica)"])
        #expect(record.firstFaultNs == window.startNs)
        #expect(record.steps.contains { $0.name == "stop f-outside" && $0.faultID == "f-outside" })
        #expect(record.steps.first { $0.name == "measure" }?.detail == "ended early by the operator")
        #expect(outcome.record.verdict != .aborted, "ending is not aborting: \(outcome.record.reason ?? "")")
        let gameday = try JSONDecoder().decode(GamedayRecord.self, from: Data(contentsOf: URL(fileURLWithPath: outcome.directory + "/gameday.json")))
        #expect(gameday.entries.contains { $0.kind == .note && $0.text == "Bob: pg2 stopped by hand" })
        #expect(gameday.entries.contains { $0.kind == .decision && $0.text == "end" })
        let note = try #require(gameday.entries.first { $0.kind == .note })
        let faultSeconds = Double(window.startNs - (record.methodStartNs ?? 0)) / 1e9
        #expect(note.seconds > faultSeconds && note.seconds < faultSeconds + 2, "the note is entered at its own time: \(note.seconds) vs \(faultSeconds)")
        #expect(board.active() == nil, "the exercise's marker is gone")
        #expect(throws: RunError.self) { try board.post("too late") }
        let text = try String(contentsOfFile: minutes, encoding: .utf8)
        #expect(text.contains("fault `stop` on pg2 (replica)"), "\(text)")
    }

    @Test func aNoteNeedsARunningGamedayAndText() throws {
        let state = NSTemporaryDirectory() + "chaos-notes-\(UUID().uuidString)"
        defer { try? FileManager.default.removeItem(atPath: state) }
        let board = GamedayNoteBoard(stateDirectory: state)
        #expect(throws: RunError.self) { try board.post("nobody listens") }
        let start = try board.claim(.init(pid: getpid(), runID: "r1", directory: "/tmp/r1"))
        #expect(throws: RunError.self) { try board.post("\u{1b}\u{7}") }
        _ = try board.post("first\u{1b}[31m", author: "A\u{7}l")
        _ = try board.post("second")
        let (notes, next) = board.notes(after: start)
        #expect(notes.map(\.text) == ["first[31m", "second"] && notes.first?.author == "Al")
        #expect(board.notes(after: next).notes.isEmpty)
        board.release(pid: getpid())
        #expect(board.active() == nil)
        // A marker left by a process that is gone does not count; one of a live process keeps others out.
        _ = try board.claim(.init(pid: Int32.max, runID: "gone", directory: "/tmp/gone"))
        #expect(board.active() == nil)
        #expect(throws: RunError.self) { try board.post("nobody listens") }
        _ = try board.claim(.init(pid: 1, runID: "init", directory: "/tmp/init"))
        #expect(throws: RunError.self) { try board.claim(.init(pid: getpid(), runID: "r2", directory: "/tmp/r2")) }
    }
}
