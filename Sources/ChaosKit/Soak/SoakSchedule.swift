// A soak's schedule: which fault starts when, drawn from the soak's seed. The first fault starts at
// `first_fault`; each next one an interval later (fixed, or drawn evenly from the range); faults are drawn by
// weight; the schedule ends with the last fault that is healed and recovered within the duration. The same
// definition, duration and seed give the same schedule on every machine (SplitMix64, arithmetic of our own).

import Foundation
import Yams

/// One fault of a soak, planned.
public struct SoakEpisode: Codable, Sendable, Equatable {
    /// Its number, from 1.
    public var number: Int
    /// The fault's name in the soak file, and its kind.
    public var fault: String, kind: String
    /// When it starts, ns after the method's start.
    public var startNs: Int64
    /// How long it lasts (0 for a one-shot fault).
    public var durationNs: Int64

    /// The name of its fault step in the generated method (`e3-kill-primary`).
    public var stepName: String { "e\(number)-\(fault)" }
}

/// A soak's schedule.
public struct SoakSchedule: Codable, Sendable, Equatable {
    /// The seed it was drawn from.
    public var seed: UInt64
    /// How long the soak lasts (after `--duration`).
    public var durationNs: Int64
    /// The faults, in order.
    public var episodes: [SoakEpisode]

    /// The name of episode `number`'s recovery wait (a fault may not be named `recovered`, so it cannot clash).
    static func recoveryStepName(_ number: Int) -> String { "e\(number)-recovered" }

    /// The name of the step that ends the soak (reserved too).
    static let endStepName = "soak-end"

    /// Draws the schedule of `definition` for `durationNs` from `seed`.
    public static func draw(_ definition: SoakDefinition, durationNs: Int64, seed: UInt64) -> SoakSchedule {
        var generator = SeededGenerator(seed: seed)
        let total = definition.faults.reduce(0) { $0 + $1.weight }
        var episodes: [SoakEpisode] = []
        var start = definition.firstFaultNs
        // The interval is at least 1 ms (the reader's check), so `start` always moves on; the cap is a second guard.
        while total > 0, episodes.count < 1_000_000 {
            var ticket = Int(generator.next() % UInt64(total))
            guard let fault = definition.faults.first(where: { fault in
                if ticket < fault.weight { return true }
                ticket -= fault.weight
                return false
            }) else { break }
            let length = fault.durationNs ?? 0
            guard start + length + definition.recoveryNs <= durationNs else { break }
            episodes.append(SoakEpisode(number: episodes.count + 1, fault: fault.name, kind: fault.kind, startNs: start, durationNs: length))
            // Whole milliseconds, so that the method's `after:` says exactly the same.
            let spreadMs = UInt64((definition.intervalNs.upperBound - definition.intervalNs.lowerBound) / 1_000_000)
            start += definition.intervalNs.lowerBound + Int64(generator.next() % (spreadMs + 1)) * 1_000_000
        }
        return SoakSchedule(seed: seed, durationNs: durationNs, episodes: episodes)
    }

    /// The method that runs this schedule: each fault step at its time (`after:`), healed after its duration, then
    /// a wait until the cluster is healthy within the recovery bound (a failed wait stops the soak), and a last
    /// wait to the end of the soak.
    func method(for definition: SoakDefinition) -> [Node] {
        func scalar(_ text: String) -> Node { .scalar(.init(text)) }
        func seconds(_ ns: Int64) -> String { "\(ns / 1_000_000)ms" }
        var steps: [Node] = []
        for episode in episodes {
            guard let fault = definition.faults.first(where: { $0.name == episode.fault }), case .mapping(let written) = fault.step else { continue }
            var pairs = written.filter { key, _ in key.string != "name" && key.string != "after" }.map { ($0.key, $0.value) }
            pairs.insert((scalar("name"), scalar(episode.stepName)), at: 0)
            pairs.insert((scalar("after"), scalar(seconds(episode.startNs))), at: 1)
            steps.append(.mapping(Node.Mapping(pairs, .implicit, .any, fault.step.mark)))
            steps.append(.mapping(Node.Mapping([
                (scalar("name"), scalar(Self.recoveryStepName(episode.number))), (scalar("wait"), scalar("healthy")),
                (scalar("timeout"), scalar(seconds(definition.recoveryNs))),
            ])))
        }
        steps.append(.mapping(Node.Mapping([
            (scalar("name"), scalar(Self.endStepName)), (scalar("after"), scalar(seconds(durationNs))), (scalar("wait"), scalar("1ms")),
        ])))
        return steps
    }
}
