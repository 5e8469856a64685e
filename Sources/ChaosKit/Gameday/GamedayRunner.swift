// `chaos gameday FILE` and `chaos gameday --free`: the run with the operator's gate before each step (or, free,
// no method but the writers, while faults come from other terminals through the fault journal), notes from
// `chaos note` on the timeline, a live view for the dashboard, then the game day's record (gameday.json) and
// minutes (gameday.md) written into the run folder, whatever the verdict: an aborted exercise, a closed
// terminal and a failed run all end with their minutes.

import Foundation

/// Runs a scenario as a game day.
public struct GamedayRunner: Sendable {
    /// The engine (its platform, runs folder and progress); its gate and journal following are set here.
    public var engine: RunEngine
    /// The participants.
    public var operators: [String]
    /// Told once the writers run, with the live run and the gate (its entries are the notes and decisions).
    public var onLive: (@Sendable (LiveRun, GamedayGate) -> Void)?

    /// A runner.
    public init(engine: RunEngine, operators: [String]) {
        self.engine = engine
        self.operators = operators
    }

    /// Runs `scenario`, asking `person` before and after each foreground method step; returns the run's outcome
    /// and the path of the minutes.
    public func run(_ scenario: Scenario, operator person: any GamedayOperator, control: RunControl = RunControl(),
                    seed: UInt64 = .random(in: 0 ... .max)) throws -> (outcome: RunOutcome, minutes: String) {
        let gate = GamedayGate(operator: person)
        return try exercise(scenario, gate: gate, control: control, seed: seed) { _ in }
    }

    /// Runs a free exercise: `scenario` is a measurement without a fault (``ScenarioLoader/baselineScenario(duration:rate:)``);
    /// faults come from other terminals (`chaos fault inject`), and `person` may add notes, end (`e`) or abort (`a`).
    public func runFree(_ scenario: Scenario, operator person: any GamedayOperator, control: RunControl = RunControl(),
                        seed: UInt64 = .random(in: 0 ... .max)) throws -> (outcome: RunOutcome, minutes: String) {
        let gate = GamedayGate(operator: person)
        return try exercise(scenario, gate: nil, entries: gate, control: control, seed: seed) { live in
            person.show(["free exercise: inject and heal faults from another terminal (chaos fault inject …), add notes with chaos note \"…\"",
                         "the writers measure until the exercise ends (\(GamedayAnswer.freeHelp))"])
            let thread = Thread {
                let over: @Sendable () -> Bool = { control.aborted != nil || control.methodEndRequested || live.methodEnded }
                while !over() {
                    guard let answer = person.answer(GamedayAnswer.freeHelp, stopped: over) else {
                        if !over() { control.abort("the game day's input closed") }
                        break
                    }
                    switch answer {
                    case .note(let text) where !GamedayText.sanitize(text).isEmpty:
                        gate.add(.note, text)
                        person.show(["   noted"])
                    case .end:
                        gate.add(.decision, "end")
                        live.endMethod()
                    case .abort:
                        gate.add(.decision, "abort")
                        control.abort("the operator aborted the game day")
                    case .go where (person as? GamedayKeysFile)?.isExhausted == true:
                        while !over() { Thread.sleep(forTimeInterval: 0.2) }
                    default:
                        person.show(["   in a free exercise: \(GamedayAnswer.freeHelp)"])
                    }
                }
            }
            thread.name = "chaos-gameday-free"
            thread.start()
        }
    }

    private func exercise(_ scenario: Scenario, gate: GamedayGate?, entries: GamedayGate? = nil, control: RunControl, seed: UInt64,
                          started: @escaping @Sendable (LiveRun) -> Void) throws -> (outcome: RunOutcome, minutes: String) {
        guard let book = gate ?? entries else { throw RunError("a game day needs its gate") }
        var engine = self.engine
        engine.gate = gate
        engine.followsFaultJournal = true
        let board = GamedayNoteBoard(stateDirectory: engine.platform.stateDirectory)
        let pid = getpid()
        let claimed = Locked<Bool>(false)
        let stopNotes = StopFlag()
        let onLive = self.onLive
        engine.onLive = { live in
            book.useClock(live.clock) { live.methodStartNs }
            if let start = try? board.claim(.init(pid: pid, runID: live.runID, directory: live.directory)) {
                claimed.withLock { $0 = true }
                Self.followNotes(board, from: start, live: live, into: book, until: stopNotes)
            }
            onLive?(live, book)
            started(live)
        }
        // The marker goes before the notes are read a last time: a `chaos note` after that is refused, not lost.
        func closeBoard() {
            if claimed.snapshot { board.release(pid: pid) }
            stopNotes.stopAndWait(timeoutSeconds: 5)
        }
        defer { closeBoard() }
        let outcome = try engine.run(scenario, control: control, seed: seed)
        closeBoard()
        let expectations = Dictionary(scenario.method.compactMap { step in step.expect.map { (step.name, $0) } }, uniquingKeysWith: { first, _ in first })
        let record = GamedayRecord(runID: outcome.record.runID, operators: operators, entries: book.entries, expectations: expectations)
        let directory = RunDirectory(url: URL(fileURLWithPath: outcome.directory), secrets: scenario.secretValues)
        let minutes = directory.url.appendingPathComponent(GamedayRecord.minutesFileName)
        do {
            try directory.writeGameday(record, record: outcome.record)
        } catch {
            throw RunError("the run finished (\(outcome.directory)) but its minutes could not be written: \(error)", hint: "check the disk")
        }
        return (outcome, minutes.path)
    }

    /// Reads the notes posted with `chaos note` every 200 ms and enters each at the moment it was written.
    private static func followNotes(_ board: GamedayNoteBoard, from start: Int, live: LiveRun, into gate: GamedayGate, until stop: StopFlag) {
        stop.workerStarted()
        let thread = Thread {
            var offset = start
            while true {
                let (notes, next) = board.notes(after: offset)
                offset = next
                for note in notes {
                    gate.add(.note, note.author.map { "\($0): \(note.text)" } ?? note.text, runNs: note.monotonicNs - live.clock.originNs)
                }
                if stop.isStopped { break }
                _ = stop.sleep(nanoseconds: 200_000_000)
            }
            stop.workerFinished()
        }
        thread.name = "chaos-gameday-notes"
        thread.start()
    }
}
