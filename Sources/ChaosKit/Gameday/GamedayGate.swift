// The game day's gate: before each step it shows the step and asks the operator (run, skip, note, wait longer,
// abort); after it, shows what was observed and asks for a mark (as expected or not, with a comment). Every
// answer is an entry of the game day's record, stamped on the run's clock.

import Foundation

/// A ``StepGate`` that asks a ``GamedayOperator``.
public final class GamedayGate: StepGate {
    private let person: any GamedayOperator
    /// How long `w` waits before asking again.
    private let waitLonger: Duration
    private let state = Locked(State())

    private struct State {
        var entries: [GamedayEntry] = []
        /// For each entry, when it was made on the run's clock (nil before the run was live): its `seconds` are
        /// counted from the method's start once that is known, so a note of the warm-up gets its negative time.
        var runNs: [Int64?] = []
        /// The run's clock and its method's start, once the run is live: entries are stamped from them.
        var clock: MonotonicClock?
        var methodStartNs: (@Sendable () -> Int64?)?
    }

    /// A gate asking `person`; `w` waits `waitLonger`.
    public init(operator person: any GamedayOperator, waitLonger: Duration = .seconds(10)) {
        self.person = person
        self.waitLonger = waitLonger
    }

    /// Every decision, note and mark so far, in order.
    public var entries: [GamedayEntry] {
        state.withLock { state in
            guard let start = state.methodStartNs?() else { return state.entries }
            return zip(state.entries, state.runNs).map { entry, runNs in
                var entry = entry
                if let runNs { entry.seconds = Double(runNs - start) / 1e9 }
                return entry
            }
        }
    }

    public func before(_ preview: StepPreview) -> StepGateDecision {
        person.show(GamedayText.preview(preview))
        let step = preview.step.name
        while true {
            guard let answer = person.answer("run \(step)? [\(GamedayAnswer.beforeHelp)]", stopped: preview.stopped) else {
                if preview.stopped() { return .abort("stopped while the operator decided on step \(step)") }
                record(.decision, step: step, text: "abort (the operator's input closed)")
                return .abort("the game day's input closed before step \(step)")
            }
            switch answer {
            case .go:
                record(.decision, step: step, text: "run")
                return .run
            case .skip:
                record(.decision, step: step, text: "skip")
                return .skip
            case .abort:
                record(.decision, step: step, text: "abort")
                return .abort("the operator aborted the game day before step \(step)")
            case .waitLonger:
                record(.decision, step: step, text: "wait \(Int(waitLonger.timeInterval)) s longer")
                person.show(["   waiting \(Int(waitLonger.timeInterval)) s; the writers go on measuring"])
                let until = ContinuousClock.now + waitLonger
                while ContinuousClock.now < until, !preview.stopped() { Thread.sleep(forTimeInterval: 0.1) }
            case .note(let text):
                takeNote(text, step: step)
            case .expected, .unexpected, .end, .unknown:
                person.show(["   that means nothing before a step: \(GamedayAnswer.beforeHelp)"])
            }
        }
    }

    public func after(_ observation: StepObservation) {
        person.show(GamedayText.observation(observation))
        let step = observation.step.name
        while true {
            guard let answer = person.answer("as expected? [\(GamedayAnswer.afterHelp)]", stopped: observation.stopped) else { return }
            switch answer {
            case .go: return
            case .expected(let comment):
                record(.mark, step: step, text: comment ?? "", expected: true)
                return
            case .unexpected(let comment):
                record(.mark, step: step, text: comment ?? "", expected: false)
                return
            case .note(let text):
                takeNote(text, step: step)
            case .skip, .waitLonger, .abort, .end, .unknown:
                person.show(["   that means nothing after a step: \(GamedayAnswer.afterHelp)"])
            }
        }
    }

    /// Records an entry made outside the prompts (a note from `chaos note`, a free exercise's decision), made at
    /// `runNs` on the run's clock (now when nil).
    public func add(_ kind: GamedayEntry.Kind, _ text: String, runNs: Int64? = nil, step: String? = nil) {
        state.withLock { state in
            let at = runNs ?? state.clock?.now()
            let start = state.methodStartNs?()
            let seconds = at.flatMap { at in start.map { Double(at - $0) / 1e9 } } ?? 0
            state.entries.append(GamedayEntry(kind: kind, step: step, seconds: seconds, text: text))
            state.runNs.append(at)
        }
    }

    private func takeNote(_ text: String, step: String) {
        guard !GamedayText.sanitize(text).isEmpty else {
            person.show(["   a note needs its text on the same line: n TEXT"])
            return
        }
        record(.note, step: step, text: text)
        person.show(["   noted"])
    }

    /// Stamps entries from now on with the run's `clock`, counted from `methodStartNs()` once the method started.
    public func useClock(_ clock: MonotonicClock, methodStartNs: @escaping @Sendable () -> Int64?) {
        state.withLock {
            $0.clock = clock
            $0.methodStartNs = methodStartNs
        }
    }

    private func record(_ kind: GamedayEntry.Kind, step: String?, text: String, expected: Bool? = nil) {
        state.withLock { state in
            let runNs = state.clock?.now()
            let start = state.methodStartNs?()
            let seconds = runNs.flatMap { now in start.map { Double(now - $0) / 1e9 } } ?? 0
            state.entries.append(GamedayEntry(kind: kind, step: step, seconds: seconds, text: text, expected: expected))
            state.runNs.append(runNs)
        }
    }
}
