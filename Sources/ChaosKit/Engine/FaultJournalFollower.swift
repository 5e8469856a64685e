// Follows the fault journal while a run measures: every inject and heal written by another process (`chaos
// fault inject` / `heal` in another terminal) becomes part of this run, placed on the run's clock at the
// moment the journal record says it was written (the machine's monotonic clock, shared by every process).
// Only what was appended since the last read is decoded.

import Foundation

/// A thread reading the journal every 100 ms for records that are not the run's own.
final class FaultJournalFollower: Sendable {
    private let stopFlag = StopFlag()

    private init() {}

    /// Starts following `session`'s journal; records already there are left alone.
    static func start(session: RunSession) -> FaultJournalFollower {
        let follower = FaultJournalFollower()
        let journal = session.injector.journal
        let start = journal.size
        follower.stopFlag.workerStarted()
        let thread = Thread {
            var offset = start
            while true {
                let (records, next) = journal.records(after: offset)
                offset = next
                for entry in records where entry.run != session.runID {
                    let atNs = entry.monotonicNs.map { $0 - session.control.clock.originNs } ?? session.control.clock.now()
                    switch entry.event {
                    case .inject: session.recordExternalFault(entry, atNs: atNs)
                    case .healed: session.recordExternalHeal(entry.id, atNs: atNs)
                    }
                }
                if follower.stopFlag.isStopped { break }
                _ = follower.stopFlag.sleep(nanoseconds: 100_000_000)
            }
            follower.stopFlag.workerFinished()
        }
        thread.name = "chaos-journal-follower"
        thread.start()
        return follower
    }

    /// Stops following, after one last read (a fault written just before the end is not missed), and waits for it.
    func stop() { stopFlag.stopAndWait(timeoutSeconds: 60) }
}
