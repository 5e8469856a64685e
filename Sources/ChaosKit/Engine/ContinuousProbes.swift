// Runs the `during:` probes on their own thread while the method runs: a round every interval, every evaluation
// streamed to during.csv as it ends, failures counted live for stop conditions.

import Foundation

/// The `during:` probes of one run.
final class ContinuousProbes: Sendable {
    let checks: ContinuousChecks
    private let probes: ProbeRunner
    private let clock: MonotonicClock
    private let file: String
    private let stopFlag: StopFlag
    private let evaluations = Locked<[ProbeEvaluation]>([])
    private let failed = Locked(0)

    /// Probes `checks` with `probes` on `clock`; the evaluations go to `file` (during.csv) as they end.
    init(checks: ContinuousChecks, probes: ProbeRunner, clock: MonotonicClock, file: String) {
        self.checks = checks
        // A shell probe still running when the method ends is cut short, not waited for.
        var runner = probes
        let stopFlag = StopFlag()
        self.stopFlag = stopFlag
        runner.cancelled = { [cancelled = probes.cancelled] in cancelled() || stopFlag.isStopped }
        self.probes = runner
        self.clock = clock
        self.file = file
    }

    /// Failed evaluations so far (the live `during.failures`).
    var failures: Int { failed.snapshot }

    /// Every evaluation so far.
    var records: [ProbeEvaluation] { evaluations.snapshot }

    /// Starts the rounds: the first at once, then one every interval after the previous round's start (a round that
    /// takes longer than the interval is followed at once by the next).
    func start() {
        FileManager.default.createFile(atPath: file, contents: Data((ProbeEvaluation.csvHeader + "\n").utf8))
        stopFlag.workerStarted()
        let thread = Thread { [self] in
            let handle = FileHandle(forWritingAtPath: file)
            handle?.seekToEndOfFile()
            while !stopFlag.isStopped {
                let roundStart = clock.now()
                for step in checks.probes {
                    guard case .probe(let probe) = step.action, !stopFlag.isStopped else { continue }
                    let startNs = clock.now()
                    let outcome = probes.run(probe)
                    let evaluation = ProbeEvaluation(
                        probe: step.name, kind: probe.kind, startNs: startNs, endNs: clock.now(), held: outcome.held, detail: outcome.detail)
                    evaluations.withLock { $0.append(evaluation) }
                    if !outcome.held { failed.withLock { $0 += 1 } }
                    handle?.write(Data((evaluation.csvLine + "\n").utf8))
                }
                let wait = roundStart + checks.interval.nanoseconds - clock.now()
                if wait > 0, stopFlag.sleep(nanoseconds: wait) { break }
            }
            try? handle?.close()
            stopFlag.workerFinished()
        }
        thread.name = "chaos-during"
        thread.start()
    }

    /// Stops after the evaluation in progress (a shell probe may take up to its own 60 s limit).
    func stop() {
        stopFlag.stopAndWait(timeoutSeconds: 70)
    }

    /// The per-probe verdict over every evaluation.
    func results() -> ContinuousProbeResults {
        ContinuousProbeResults.evaluate(
            records,
            probes: checks.probes.compactMap { step in
                guard case .probe(let probe) = step.action else { return nil }
                return (step.name, probe.kind)
            },
            intervalNs: checks.interval.nanoseconds)
    }
}
