// A window onto a run while it executes, for whoever shows it live (the game day's dashboard in the terminal
// and on the web page): the writers' log, the observer, the sampler, the step or phase now, the faults in
// effect. It only reads; ending the method early is the one thing it may ask.

import Foundation

/// A running run, seen from outside the engine.
public final class LiveRun: Sendable {
    /// The run's id and folder.
    public let runID: String, directory: String
    /// The scenario's title.
    public let title: String
    /// The run's clock.
    public let clock: MonotonicClock
    /// The paths the writers use.
    public let paths: [WritePath]
    /// Every write attempt so far.
    public let writes: OpLog
    /// The cluster observer (nil when the run has none).
    public let observer: ClusterObserver?
    /// The sampler's log (nil when the scenario turns sampling off).
    public let metrics: MetricsLog?
    private let session: RunSession

    init(session: RunSession, metrics: MetricsLog?) {
        self.session = session
        runID = session.runID
        directory = session.artifacts.directory
        title = session.scenario.title
        clock = session.control.clock
        paths = session.scenario.workload.paths
        writes = session.log
        observer = session.observer
        self.metrics = metrics
    }

    /// When the method started on the run's clock (nil during the warm-up).
    public var methodStartNs: Int64? { session.record.methodStartNs }

    /// Whether the method is over (its faults healed; recovery, checks and the report follow).
    public var methodEnded: Bool { session.record.methodEndNs != nil }

    /// What the run is doing now: `warm-up`, a step's name, `recovery`, `cool-down`.
    public var phase: String { session.currentPhase }

    /// The faults in effect now, one line each (`kill-primary: kill pg3 (primary)`).
    public var faultsInEffect: [String] { session.faultsInEffect }

    /// Asks the run to end its method now (a free game day's end): faults are healed and the run finishes normally.
    public func endMethod() { session.control.endMethod() }
}
