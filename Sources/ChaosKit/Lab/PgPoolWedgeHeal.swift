// PgPool-II 4.3 sometimes stops taking new connections after the primary it knew comes back (every new client
// gets "unable to read message kind"), while sessions it already holds keep working and every other part of
// the cluster is healthy. Seen here after crashes and isolations of the primary, on the lab and on Docker. The
// cure is a restart of PgPool-II. This watches health checks and restarts it once, when PgPool-II has been the
// only problem for a grace period — and says so, so a run records that the cluster needed a hand.

import Foundation

/// Decides when to restart a wedged PgPool-II while waiting for the cluster to become healthy.
struct PgPoolWedgeHeal {
    /// How long PgPool-II must be the only problem before it is restarted.
    var grace: Duration = .seconds(30)
    private var silentSince: ContinuousClock.Instant?
    /// What was done, once it was (nil until then).
    private(set) var done: String?

    /// Looks at one status; restarts PgPool-II through the platform when due — only on a cluster chaos built
    /// (``ClusterPlatform/ownsCluster``), never on someone else's. Returns true when it restarted it now.
    mutating func observe(_ status: LabStatus, on platform: any ClusterPlatform) -> Bool {
        guard platform.ownsCluster, done == nil, !status.healthy, !status.problems.isEmpty,
              status.problems.allSatisfy({ $0.hasPrefix("PgPool-II") }) else {
            if !(status.problems.allSatisfy { $0.hasPrefix("PgPool-II") }) { silentSince = nil }
            return false
        }
        let since = silentSince ?? ContinuousClock.now
        silentSince = since
        guard ContinuousClock.now - since > grace else { return false }
        let node = status.nodes.first { $0.kind == .pgpool }?.name ?? "pgpool"
        let problem = status.problems.joined(separator: "; ")
        do {
            try platform.nodeControl.restart(.pgpool, on: node)
            done = "PgPool-II was the only problem for \(grace) (\(problem)): restarted it"
        } catch {
            done = "PgPool-II was the only problem for \(grace) (\(problem)); restarting it failed: \(error)"
        }
        return true
    }
}
