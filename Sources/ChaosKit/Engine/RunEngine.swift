// One run, end to end: preflight → observer + writers → warm-up → method → heal → recovery → steady
// state → read back (RPO) → checks → hypotheses → artifacts. Faults are journaled before they are
// applied and healed on every way out (end, stop condition, Ctrl-C, error).

import Foundation

/// How a finished run went.
public struct RunOutcome: Sendable {
    /// The run's record (also in run.json).
    public var record: RunRecord
    /// The artifacts folder.
    public var directory: String

    /// The exit code the CLI promises: 0 passed, 1 failed, 3 aborted.
    public var exitCode: Int32 {
        switch record.verdict {
        case .passed: return 0
        case .failed: return 1
        case .aborted, .running: return 3
        }
    }
}

/// What the engine reports while it runs (for a live status line).
public struct RunProgress: Sendable {
    /// The step or phase now.
    public var phase: String
    /// Seconds since the method started (negative during warm-up).
    public var elapsed: Double
    /// The current leader, when known.
    public var leader: String?
    /// Acknowledged and failed writes so far, per path.
    public var writes: [WritePath: (ok: Int, failed: Int)]
}

/// Runs scenarios against a cluster on any platform.
public struct RunEngine: Sendable {
    /// Where the cluster runs.
    public var platform: any ClusterPlatform
    /// The cluster name the user confirmed (`--confirm`), for platforms whose ``ClusterPlatform/safety`` asks.
    public var confirmedCluster: String?
    /// Where run folders go (`runs`).
    public var runsDirectory: String
    /// Progress callback (called from the engine's thread).
    public var progress: @Sendable (RunProgress) -> Void
    /// Who decides before each foreground method step (`chaos gameday`); nil runs the method straight through.
    public var gate: (any StepGate)?
    /// Told once the writers run, with a live view of the run (a game day's dashboard).
    public var onLive: (@Sendable (LiveRun) -> Void)?
    /// Whether faults injected from elsewhere meanwhile (`chaos fault inject` in another terminal, seen in the
    /// fault journal) are recorded as this run's, at the moment they fired; those still in effect at the end are healed.
    public var followsFaultJournal = false

    /// Creates an engine.
    public init(platform: any ClusterPlatform = LabController(), runsDirectory: String = "runs", confirmedCluster: String? = nil,
                progress: @escaping @Sendable (RunProgress) -> Void = { _ in }) {
        self.platform = platform
        self.confirmedCluster = confirmedCluster
        self.runsDirectory = runsDirectory
        self.progress = progress
    }

    /// Runs one scenario. Throws ``RunError`` when the run cannot start (nothing was injected); otherwise
    /// returns the outcome, aborted runs included.
    /// Each run gets its own clock zero (a child of `control`, which a suite shares: its Ctrl-C stops the run).
    public func run(_ scenario: Scenario, control suiteControl: RunControl = RunControl(), seed: UInt64 = .random(in: 0 ... .max)) throws -> RunOutcome {
        let control = suiteControl.forRun()
        ChaosLog.hide(scenario.secretValues)
        let faults = (scenario.method + scenario.rollbacks).contains { if case .fault = $0.action { return true } else { return false } }
        if faults {
            do { try platform.safety.check(confirmed: confirmedCluster) } catch { throw RunError(error.message, hint: error.hint) }
        }
        let lock = try RunLock.acquire(stateDirectory: platform.stateDirectory, holder: "run \(scenario.name)")
        defer { lock.release() }
        let preflight = try RunPreflight(platform: platform).check(scenario)
        let runID = RunIdentifier.make(scenario: scenario.name)
        let artifacts = try RunArtifactsWriter(root: runsDirectory, runID: runID, scenarioFile: scenario.file, secrets: scenario.secretValues)
        let injector = try FaultInjector.forPlatform(platform, runID: runID)
        // With --verbose the command log of this run is also kept in its folder.
        RunLogFile.attach(artifacts.directory + "/chaos.log")
        defer { RunLogFile.detach() }
        let session = RunSession(
            scenario: scenario, platform: platform, control: control, endpoints: preflight.endpoints, injector: injector, artifacts: artifacts,
            seed: seed, runID: runID, progress: progress)
        session.gate = gate
        session.onLive = onLive
        session.followsFaultJournal = followsFaultJournal
        session.record.inventory = preflight.inventory
        session.record.versions = ComponentVersionProbe.read(runner: platform.runner)
        return session.execute()
    }
}

/// Run ids: `<UTC yyyyMMdd'T'HHmmss'Z'>_<scenario>`.
enum RunIdentifier {
    static func make(scenario: String) -> String {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "UTC")
        formatter.dateFormat = "yyyyMMdd'T'HHmmss'Z'"
        return formatter.string(from: Date()) + "_" + scenario
    }
}
