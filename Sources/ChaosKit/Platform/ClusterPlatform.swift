// The one thing the engine, the faults and the CLI see of where a cluster runs: the built-in lab
// (`LabController`), a Compose stack (`ComposePlatform`) or the user's own hosts over SSH (`SSHPlatform`).
// Each writes its cluster's inventory and credentials under its own state directory on this machine, where
// the fault journal lives too; reading the cluster (status, health) goes through the same in-process clients
// for all of them. Only the lab has a lifecycle (`chaos lab up/down/reset`).

public import Foundation

/// Which kind of platform a cluster runs on.
public enum PlatformKind: String, Codable, Sendable, CaseIterable {
    /// The built-in network-namespace lab.
    case local
    /// The Compose stack of the current folder.
    case docker
    /// The user's own hosts, reached with OpenSSH.
    case ssh
}

/// Where a cluster runs and how chaos acts on it.
///
/// Every method blocks the calling thread; call from a dedicated thread, not from Swift's cooperative pool.
public protocol ClusterPlatform: Sendable {
    /// Which kind of platform this is.
    var kind: PlatformKind { get }
    /// The directory on this machine holding the cluster's inventory, credentials and fault journal.
    var stateDirectory: String { get }
    /// Runs commands on this machine.
    var runner: CommandRunner { get }
    /// Whether chaos built this cluster and may therefore repair it while waiting for health (restart a
    /// wedged PgPool-II) — never on a cluster someone else runs.
    var ownsCluster: Bool { get }
    /// What must be true before a fault may touch this cluster (a name to confirm, or refused outright).
    var safety: FaultSafety { get }

    /// The cluster's inventory as it is now.
    ///
    /// - Throws: ``LabError`` saying why there is none and what to do.
    func currentInventory() throws(LabError) -> Inventory
    /// The cluster's passwords.
    ///
    /// - Throws: ``LabError`` saying why they cannot be read and what to do.
    func currentCredentials() throws(LabError) -> ClusterCredentials
    /// Acting on the nodes and services.
    var nodeControl: any NodeControl { get }
    /// Per-node state and the health verdict, read now.
    func status() -> LabStatus
    /// The last `lines` lines of each log of one node (or of every node).
    func logs(node: String?, lines: Int) throws(LabError) -> [LabLogExcerpt]
    /// Brings the cluster to `requirements` (the lab reconfigures itself), or says why it cannot.
    func prepare(for requirements: ClusterRequirements, progress: LabProgress) throws(LabError)
    /// Rebuilds the cluster from scratch with `profile`, where the platform owns its lifecycle.
    ///
    /// - Throws: ``LabError`` on a platform that does not (Compose, SSH).
    func rebuild(profile: ClusterRequirements, progress: LabProgress) throws(LabError)
    /// The HTTP API of a Prometheus server scraping this cluster, when one runs (`chaos lab up --monitoring`, the
    /// Compose `monitoring` profile); `promql` probes without a `url` ask it.
    func prometheusURL() -> String?
    /// The cluster's Prometheus, started first where chaos owns the cluster and can (the lab); nil where none runs.
    func ensurePrometheus(progress: LabProgress) throws(LabError) -> String?
}

/// The guard rails of a cluster chaos did not build.
public struct FaultSafety: Sendable, Equatable {
    /// The name the user must confirm (`--confirm NAME` or at a prompt) before any fault; nil: no confirmation.
    public var confirmName: String?
    /// Faults are refused outright (the cluster file says `protected: true`).
    public var isProtected: Bool

    /// Describes the guard rails.
    public init(confirmName: String?, isProtected: Bool) {
        self.confirmName = confirmName
        self.isProtected = isProtected
    }

    /// No confirmation, not protected: the lab and the Compose stack chaos built.
    public static let none = FaultSafety(confirmName: nil, isProtected: false)

    /// Checks that a fault may go ahead given the name the user confirmed (nil: none given).
    ///
    /// - Throws: ``LabError`` when the cluster is protected or the name is missing or wrong.
    public func check(confirmed: String?) throws(LabError) {
        if isProtected {
            throw LabError("cluster \(confirmName ?? "") is protected (`protected: true` in its cluster file): no fault may touch it",
                           hint: "remove `protected: true` only if this cluster may really be hurt")
        }
        guard let confirmName else { return }
        guard let confirmed else {
            throw LabError("faults on cluster \(confirmName) need its name confirmed",
                           hint: "add `--confirm \(confirmName)` (or run on a terminal to be asked)")
        }
        guard confirmed == confirmName else {
            throw LabError("`--confirm \(confirmed)` does not name this cluster (\(confirmName)); nothing was done",
                           hint: "check the cluster file you pointed at")
        }
    }
}

extension ClusterPlatform {
    /// No Prometheus known, unless the platform says otherwise.
    public func prometheusURL() -> String? { nil }

    /// The Prometheus that runs, if any: only the lab starts one on demand.
    public func ensurePrometheus(progress: LabProgress) throws(LabError) -> String? { prometheusURL() }

    /// The inventory, or nil when there is none (for callers that only report).
    public func inventory() -> Inventory? { try? currentInventory() }

    /// The credentials, or nil when they cannot be read.
    public func credentials() -> ClusterCredentials? { try? currentCredentials() }

    /// The fault journal of this cluster.
    public var journal: FaultJournal { FaultJournal(stateDirectory: stateDirectory) }

    /// Reads the cluster through the typed clients and judges its health; `processes` are the services'
    /// process states as the platform sees them.
    func probe(_ inventory: Inventory, processes: [String: [String: LabProcessState]]) -> LabStatus {
        let credentials = credentials()
        let snapshot = ClusterReader(inventory: inventory, credentials: credentials).snapshot()
        var status = ClusterHealth.judge(snapshot, inventory: inventory, processes: processes)
        if credentials == nil {
            status.healthy = false
            status.problems.insert("cannot read the cluster's credentials (\(stateDirectory)/credentials.json is root only): SQL checks skipped; run as root", at: 0)
        }
        return status
    }

    /// Polls ``status()`` until healthy or `timeout`; throws with the last problems.
    @discardableResult
    public func waitUntilHealthy(timeout: Duration, progress: LabProgress = { _ in }) throws(LabError) -> LabStatus {
        try awaitHealth(timeout: timeout, progress: progress).status
    }

    /// Waits until the cluster is healthy. On a cluster chaos built (``ownsCluster``) a wedged PgPool-II is
    /// restarted once as a last resort (``PgPoolWedgeHeal``), and ``HealthWait/intervention`` says so.
    ///
    /// - Throws: ``LabError`` naming the problems left when `timeout` passes.
    public func awaitHealth(timeout: Duration, progress: LabProgress = { _ in }) throws(LabError) -> HealthWait {
        let start = ContinuousClock.now
        let deadline = start + timeout
        var last = status()
        var reported: [String] = []
        var heal = PgPoolWedgeHeal()
        while !last.healthy {
            if last.problems != reported { reported = last.problems; progress("waiting: \(reported.first ?? "")") }
            if heal.observe(last, on: self) { progress(heal.done ?? "") }
            guard ContinuousClock.now < deadline else {
                throw LabError("the cluster did not become healthy within \(timeout): \(last.problems.joined(separator: "; "))"
                                + (heal.done.map { " (after: \($0))" } ?? ""),
                               hint: "see `chaos lab status` and `chaos lab logs NODE`" + (kind == .local ? "; `chaos lab reset` rebuilds it" : ""))
            }
            usleep(200_000)
            last = status()
        }
        return HealthWait(status: last, elapsed: ContinuousClock.now - start, intervention: heal.done)
    }
}

/// What waiting for a healthy cluster found.
public struct HealthWait: Sendable {
    /// The healthy status.
    public var status: LabStatus
    /// How long it took.
    public var elapsed: Duration
    /// What the wait had to do to get there (a wedged PgPool-II restarted), or nil when the cluster recovered
    /// by itself.
    public var intervention: String?
}
