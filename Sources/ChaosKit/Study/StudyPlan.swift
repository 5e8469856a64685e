// The order a study runs in: every (cell, scenario, repetition) once, shuffled from a seed, so drift on a shared
// machine (a warming cache, a neighbour's load) does not line up with a parameter.

/// One run of a study.
public struct StudyRunKey: Sendable, Hashable, Codable {
    /// The cell's 1-based index.
    public var cell: Int
    /// The scenario file.
    public var scenario: String
    /// 1-based repetition.
    public var repetition: Int
}

/// Lays out a study's runs.
public enum StudyPlan {
    /// Every run in the matrix order (cell, then scenario, then repetition).
    public static func runs(of definition: StudyDefinition) -> [StudyRunKey] {
        definition.cells.flatMap { cell in
            definition.scenarios.flatMap { scenario in
                (1...definition.repetitions).map { StudyRunKey(cell: cell.index, scenario: scenario, repetition: $0) }
            }
        }
    }

    /// The runs in a random order drawn from `seed`: the same seed gives the same order on every machine and Swift
    /// version (a Fisher–Yates shuffle of our own over SplitMix64, not the standard library's unspecified one).
    public static func order(of definition: StudyDefinition, seed: UInt64) -> [StudyRunKey] {
        var runs = runs(of: definition)
        var generator = SeededGenerator(seed: seed)
        var index = runs.count - 1
        while index > 0 {
            let other = Int(generator.next() % UInt64(index + 1))
            runs.swapAt(index, other)
            index -= 1
        }
        return runs
    }
}
