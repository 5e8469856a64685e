// `chaos measure`: writers and observer against the cluster with no fault — a baseline, or the
// measurement for a game day where people inject faults by hand. It is an ordinary run of a generated
// scenario, so it leaves the same artifacts.

import Foundation

extension ScenarioLoader {
    /// A scenario that only measures for `duration` (writers at `rate` on both paths), written to a
    /// temporary file so the run folder can keep it like any other.
    /// `name` is the scenario file's name, which the run's id ends with.
    public func baselineScenario(duration: ScenarioDuration, rate: Int, title: String? = nil, name: String = "measure") throws -> Scenario {
        let text = """
            version: 1
            title: \(title ?? "Measurement without a fault (\(duration))")
            description: Writers and observer only; faults injected by hand meanwhile are measured too.
            tags: [measure]
            workload:
              paths: [direct, pgpool]
              rate: \(rate)
              warmup: 2s
              cooldown: 0s
            method:
              - name: measure
                wait: \(duration)
            """
        let file = NSTemporaryDirectory() + "\(name).yaml"
        try text.write(toFile: file, atomically: true, encoding: .utf8)
        let result = load(fileAt: file)
        guard let scenario = result.scenario else {
            throw RunError("the measurement scenario is invalid: \(result.diagnostics.map(\.description).joined(separator: "; "))")
        }
        return scenario
    }
}
