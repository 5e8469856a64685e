// Whether an HA invariant held, and if not, the evidence.

/// The outcome of one invariant check.
public struct InvariantVerdict: Sendable, Hashable, Codable {
    /// True when the invariant held (or could not be violated, e.g. nothing to rejoin).
    public var holds: Bool
    /// Human-readable evidence, at most ``limit`` lines.
    public var violations: [String]
    /// How many violations were found in all (may exceed the lines kept).
    public var violationCount: Int
    /// Context that is not a violation, e.g. why the invariant holds vacuously.
    public var note: String?

    /// The number of evidence lines kept.
    public static let limit = 20

    /// A verdict from a list of violations (empty = holds).
    public init(violations: [String]) {
        holds = violations.isEmpty
        violationCount = violations.count
        self.violations = Array(violations.prefix(InvariantVerdict.limit))
        note = nil
    }

    /// A verdict with an explicit outcome and a note.
    public init(holds: Bool, note: String?) {
        self.holds = holds
        violations = holds ? [] : [note ?? "violated"]
        violationCount = holds ? 0 : 1
        self.note = note
    }
}
