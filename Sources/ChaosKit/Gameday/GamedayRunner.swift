// `chaos gameday FILE`: the scenario run by the engine with the operator's gate before each step, then the
// game day's record (gameday.json) and minutes (gameday.md) written into the run folder, whatever the
// verdict: an aborted exercise, a closed terminal and a failed run all end with their minutes.

import Foundation

/// Runs a scenario as a game day.
public struct GamedayRunner: Sendable {
    /// The engine (its platform, runs folder and progress); its gate is set here.
    public var engine: RunEngine
    /// The participants.
    public var operators: [String]

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
        var engine = self.engine
        engine.gate = gate
        let outcome = try engine.run(scenario, control: control, seed: seed)
        let expectations = Dictionary(scenario.method.compactMap { step in step.expect.map { (step.name, $0) } }, uniquingKeysWith: { first, _ in first })
        let record = GamedayRecord(runID: outcome.record.runID, operators: operators, entries: gate.entries, expectations: expectations)
        let directory = RunDirectory(url: URL(fileURLWithPath: outcome.directory), secrets: scenario.secretValues)
        let minutes = directory.url.appendingPathComponent(GamedayRecord.minutesFileName)
        do {
            try directory.writeGameday(record, record: outcome.record)
        } catch {
            throw RunError("the run finished (\(outcome.directory)) but its minutes could not be written: \(error)", hint: "check the disk")
        }
        return (outcome, minutes.path)
    }
}
