// Faults injected from elsewhere while a run measures (`chaos fault inject` in another terminal during a game
// day): recorded as the run's own, at the moment the journal says they fired, so RTO and the layer timings
// count from the fault exactly as in a scripted run. Those still in effect when the method ends are healed.

import Foundation

extension RunSession {
    /// Records a fault injected from elsewhere, at `atNs` on the run's clock.
    func recordExternalFault(_ entry: FaultJournalRecord, atNs: Int64) {
        let targets = (entry.target ?? "").split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
        let kind = entry.kind ?? "fault"
        state.withLock { state in
            state.record.steps.append(StepRecord(
                name: "\(kind) \(entry.id)", phase: "method", summary: "fault \(kind) injected from another terminal (chaos fault inject)",
                startNs: atNs, endNs: atNs, outcome: "ok", detail: entry.target, faultID: entry.id, targets: targets))
            state.record.firstFaultNs = min(state.record.firstFaultNs ?? atNs, atNs)
            state.record.faults.append(FaultWindow(step: entry.id, kind: kind, targets: targets, startNs: atNs, endNs: nil))
            state.external[entry.id] = entry
        }
        artifacts.write(record)
    }

    /// Records that a fault injected from elsewhere was healed from elsewhere (`chaos fault heal`), at `atNs`.
    func recordExternalHeal(_ id: String, atNs: Int64) {
        guard closeExternalFault(id, atNs: atNs) else { return }
        state.withLock { state in
            state.record.steps.append(StepRecord(
                name: "heal \(id)", phase: "method", summary: "heal of \(id) from another terminal (chaos fault heal)", startNs: atNs, endNs: atNs,
                outcome: "ok", faultID: id))
        }
        artifacts.write(record)
    }

    /// Ends an external fault's window at `atNs`; false when it was not in effect.
    private func closeExternalFault(_ id: String, atNs: Int64) -> Bool {
        state.withLock { state in
            guard state.external.removeValue(forKey: id) != nil else { return false }
            if let i = state.record.faults.lastIndex(where: { $0.step == id && $0.endNs == nil }) { state.record.faults[i].endNs = atNs }
            return true
        }
    }

    /// Heals the faults injected from elsewhere that are still in effect (the exercise is over), each as a step of
    /// the heal phase.
    func healExternalFaults() {
        let open = state.withLock { $0.external.keys.sorted() }
        for id in open {
            let index = begin(name: "heal-\(id)", phase: "heal", summary: "heal \(id) (injected from another terminal)")
            let report: HealReport
            do {
                report = try injector.heal(journalID: id)
            } catch {
                // Healed from the other terminal meanwhile: its window ends where that heal's record says.
                let records = (try? injector.journal.records()) ?? []
                if let healed = records.last(where: { $0.id == id && $0.event == .healed }) {
                    _ = closeExternalFault(id, atNs: healed.monotonicNs.map { $0 - control.clock.originNs } ?? control.clock.now())
                    end(index, outcome: "ok", detail: "already healed elsewhere")
                } else {
                    state.withLock { $0.unhealed.append("undo of \(id) failed: \(error)") }
                    end(index, outcome: "failed", detail: "\(error)")
                }
                continue
            }
            _ = closeExternalFault(id, atNs: control.clock.now())
            if report.healed {
                end(index, outcome: "ok", detail: nil)
            } else {
                let why = "undo of \(id) failed: \(report.failures)"
                state.withLock { $0.unhealed.append(why) }
                end(index, outcome: "failed", detail: why)
            }
        }
    }
}
