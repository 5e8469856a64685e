// A study (`kind: study`): scenarios, a matrix of parameters (cluster settings and scenario variables), repetitions.

import Foundation

/// One swept parameter: a `cluster:` setting or a scenario variable, and its values in the order written.
public struct StudyParameter: Sendable, Hashable, Codable {
    /// The name as written: `ttl`, `replication`, `pgpool_health_check.period`, or a scenario variable (`rate`).
    public var name: String
    /// The values, as text.
    public var values: [String]

    /// Whether it sets the cluster (else it is a scenario variable).
    public var isClusterSetting: Bool { StudyClusterSetting.names.contains(name) }

    /// Creates a parameter.
    public init(name: String, values: [String]) {
        self.name = name
        self.values = values
    }
}

/// One combination of parameter values.
public struct StudyCell: Sendable, Hashable, Codable {
    /// 1-based position in the matrix (the first parameter varies slowest).
    public var index: Int
    /// Each parameter's value, in the parameters' order.
    public var values: [String: String]

    /// `ttl=10, replication=async` in the parameters' order.
    public func label(_ parameters: [StudyParameter]) -> String {
        parameters.map { "\($0.name)=\(values[$0.name] ?? "")" }.joined(separator: ", ")
    }
}

/// A checked study definition.
public struct StudyDefinition: Sendable, Hashable, Codable {
    /// File name without `.yaml`.
    public var name: String
    /// The study file as given.
    public var file: String
    /// Human title.
    public var title: String
    /// What the study asks.
    public var description: String
    /// The scenario files, resolved against the study file's folder.
    public var scenarios: [String]
    /// The matrix.
    public var parameters: [StudyParameter]
    /// Runs per (cell, scenario).
    public var repetitions: Int
    /// Metrics summarised besides the headline ones.
    public var metrics: [String]
    /// The seed of the run order, when the file fixes it.
    public var seed: UInt64?

    /// Every combination, the first parameter varying slowest.
    public var cells: [StudyCell] {
        var combinations: [[String: String]] = [[:]]
        for parameter in parameters {
            combinations = combinations.flatMap { partial in parameter.values.map { value in partial.merging([parameter.name: value]) { $1 } } }
        }
        return combinations.enumerated().map { StudyCell(index: $0.offset + 1, values: $0.element) }
    }

    /// cells × scenarios × repetitions.
    public var runCount: Int { cells.count * scenarios.count * repetitions }

    /// The metrics a study records of every run: the suites' headline metrics and the file's own.
    public var recordedMetrics: [String] {
        var names = SuiteMetrics.headline.map(\.name)
        for metric in metrics where !names.contains(metric) { names.append(metric) }
        return names
    }
}
