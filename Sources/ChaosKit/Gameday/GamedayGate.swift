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
        /// The run clock's reading at the last prompt, and when that was here: notes are stamped from it.
        var anchor: (seconds: Double, at: ContinuousClock.Instant)?
        /// The run's clock once the run is live: entries are stamped from it.
        var clock: (@Sendable () -> Double)?
    }

    /// A gate asking `person`; `w` waits `waitLonger`.
    public init(operator person: any GamedayOperator, waitLonger: Duration = .seconds(10)) {
        self.person = person
        self.waitLonger = waitLonger
    }

    /// Every decision, note and mark so far, in order.
    public var entries: [GamedayEntry] { state.withLock { $0.entries } }

    public func before(_ preview: StepPreview) -> StepGateDecision {
        setAnchor(preview.elapsedSeconds)
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
        setAnchor(observation.endSeconds)
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

    /// Records an entry made outside the prompts (a note from `chaos note`, a free exercise's decision), at
    /// `seconds` on the run's clock.
    public func add(_ kind: GamedayEntry.Kind, _ text: String, seconds: Double, step: String? = nil) {
        state.withLock { $0.entries.append(GamedayEntry(kind: kind, step: step, seconds: seconds, text: text)) }
    }

    private func takeNote(_ text: String, step: String) {
        guard !GamedayText.sanitize(text).isEmpty else {
            person.show(["   a note needs its text on the same line: n TEXT"])
            return
        }
        record(.note, step: step, text: text)
        person.show(["   noted"])
    }

    /// Stamps entries from now on with `seconds()`, the run's clock (seconds since the method started).
    public func useClock(_ seconds: @escaping @Sendable () -> Double) { state.withLock { $0.clock = seconds } }

    private func setAnchor(_ seconds: Double) {
        state.withLock { $0.anchor = (seconds, ContinuousClock.now) }
    }

    private func record(_ kind: GamedayEntry.Kind, step: String?, text: String, expected: Bool? = nil) {
        state.withLock { state in
            let seconds = state.clock?() ?? state.anchor.map { $0.seconds + (ContinuousClock.now - $0.at).timeInterval } ?? 0
            state.entries.append(GamedayEntry(kind: kind, step: step, seconds: seconds, text: text, expected: expected))
        }
    }
}
