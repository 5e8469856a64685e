// Conditions a `wait` step waits for, judged from the lab, the observer and the writers' op log.

/// Evaluates wait conditions during a run.
struct WaitConditions: Sendable {
    let platform: any ClusterPlatform
    let log: OpLog
    let paths: [WritePath]
    /// The leader when the method started (for `new_leader` and `old_primary_rejoined`).
    let leaderAtStart: String?

    /// Whether a condition holds now.
    func holds(_ condition: KindInvocation, stepStartNs: Int64) -> Bool {
        switch condition.kind {
        case "new_leader":
            let leader = platform.status().leader
            return leader != nil && leader != leaderAtStart
        case "healthy":
            return platform.status().healthy
        case "writes_ok":
            return paths.allSatisfy(writesRecovered)
        case "leader_is":
            guard case .member(let name) = condition.parameters["member"]?.targetValue?.role else { return false }
            return platform.status().leader == name
        case "old_primary_rejoined":
            guard let old = leaderAtStart else { return true }
            let node = platform.status().nodes.first { $0.name == old }
            return node?.state == "streaming" || node?.role == "leader"
        default:
            return false
        }
    }

    /// Whether a path has acknowledged a write after its last failure.
    private func writesRecovered(_ path: WritePath) -> Bool {
        let status = log.liveStatus(of: path)
        guard status.lastFailureSeq != nil else { return status.acked + status.failed > 0 }
        return status.ackedSinceFailure
    }
}
