// A soak: a scenario's cluster, workload, steady state and hypotheses, plus a weighted list of faults that a
// seeded schedule draws from for hours (`kind: soak`, docs/soak.md).

import Foundation
import Yams

/// One fault a soak may draw.
public struct SoakFault {
    /// Its name (the steps of its episodes are named after it).
    public var name: String
    /// Its weight among the soak's faults.
    public var weight: Int
    /// The fault kind (`kill`, `partition`…).
    public var kind: String
    /// How long it lasts before it is healed; nil for a one-shot fault (a switchover).
    public var durationNs: Int64?
    /// The step as written (without `weight`), with its positions in the file.
    var step: Node
}

/// A soak definition, checked.
public struct SoakDefinition {
    /// The file, and its name without extension.
    public var file: String, name: String
    /// The title.
    public var title: String
    /// How long the faults go on (`--duration` shortens it).
    public var durationNs: Int64
    /// The time between the starts of two faults: fixed (lower == upper) or drawn evenly from the range.
    public var intervalNs: ClosedRange<Int64>
    /// How long the cluster has after a fault is healed to be healthy again; longer stops the soak.
    public var recoveryNs: Int64
    /// When the first fault starts, after the method's start (the writers' baseline before it).
    public var firstFaultNs: Int64
    /// The seed written in the file, if any.
    public var seed: UInt64?
    /// The faults to draw from.
    public var faults: [SoakFault]
    /// The document without `kind` and `soak`: what every generated scenario shares.
    var scenarioRoot: Node

    /// The longest a fault of this soak lasts.
    public var longestFaultNs: Int64 { faults.compactMap(\.durationNs).max() ?? 0 }
}
