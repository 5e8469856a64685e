// How faults act on a cluster's nodes, whatever runs them: start, stop, kill, pause, resume and restart a
// service; restart a whole node; run a command inside a node's network. `LocalLab` implements it for the
// network-namespace lab, `DockerNodeControl` for the Compose stack.

/// Acting on a cluster's nodes and their services.
///
/// Every method blocks the calling thread until the action is done (or has failed); call them from a
/// dedicated thread, not from Swift's cooperative pool.
public protocol NodeControl: Sendable {
    /// The cluster's current inventory (re-read, so PIDs are fresh).
    func inventory() throws -> Inventory

    /// The PID of a service, or nil when it is not running.
    func pid(of service: ServiceKind, on node: String) throws -> Int32?

    /// Starts a service that is not running (no-op when it is). Starting `.postgres` starts Patroni.
    func start(_ service: ServiceKind, on node: String) throws

    /// Stops a service gracefully (SIGTERM; SIGINT = fast shutdown for `.postgres`), escalating to SIGKILL
    /// after `grace`. Stopping `.patroni` stops its PostgreSQL too.
    func stop(_ service: ServiceKind, on node: String, grace: Duration) throws

    /// Sends any signal to the service's main process (e.g. SIGKILL for a crash).
    func kill(_ service: ServiceKind, on node: String, signal: Int32) throws

    /// Sends a signal to every process of a node at once (SIGKILL: a power loss or kernel panic).
    func signalNode(_ node: String, signal: Int32) throws

    /// Freezes the service (SIGSTOP) and returns once the kernel shows it stopped. For `.postgres`, `.etcd` and `.pgpool` the whole process tree; for
    /// `.patroni` only the Patroni daemon (its PostgreSQL keeps running).
    func pause(_ service: ServiceKind, on node: String) throws

    /// Thaws what ``pause(_:on:)`` froze (SIGCONT).
    func resume(_ service: ServiceKind, on node: String) throws

    /// Stops then starts a service.
    func restart(_ service: ServiceKind, on node: String) throws

    /// Stops every service of a node, then starts them again.
    func restartNode(_ node: String) throws

    /// Whether the node's network namespace exists now. When it is gone, so are the rules and qdiscs in it: an
    /// undo has nothing left to remove. Throws when that cannot be known (an unreadable inventory, a platform
    /// that does not answer): an undo must then fail, not count the fault as gone.
    func networkExists(of node: String) throws -> Bool

    /// Runs a command inside the node's network namespace (e.g. `iptables` for a partition).
    func execute(in node: String, _ arguments: [String], timeout: Duration) throws -> CommandResult

    /// Fills the filesystem under the node's data directory (`disk_full`); says how much it took.
    func fillDataFilesystem(on node: String) throws -> String

    /// Frees what ``fillDataFilesystem(on:)`` filled.
    func emptyDataFilesystem(on node: String) throws

    /// Freezes the filesystem under the node's data directory (`fs_freeze`).
    func freezeDataFilesystem(on node: String) throws

    /// Thaws what ``freezeDataFilesystem(on:)`` froze.
    func thawDataFilesystem(on node: String) throws
}

extension NodeControl {
    /// Fills the filesystem under the node's data directory to the last block and says how much it took; a
    /// platform without a filesystem of its own per node cannot (only the built-in lab has one).
    public func fillDataFilesystem(on node: String) throws -> String {
        throw FaultError("disk_full cannot run on this platform: \(node)'s data has no filesystem of its own that chaos made",
                         hint: "run it on the built-in lab (`chaos lab up`), whose nodes each have one")
    }

    /// Frees what ``fillDataFilesystem(on:)`` filled (nothing to do when it is free).
    public func emptyDataFilesystem(on node: String) throws {}

    /// Freezes the filesystem under the node's data directory; only the built-in lab's nodes have one of their own.
    public func freezeDataFilesystem(on node: String) throws {
        throw FaultError("fs_freeze cannot run on this platform: \(node)'s data has no filesystem of its own that chaos made",
                         hint: "run it on the built-in lab (`chaos lab up`), whose nodes each have one")
    }

    /// Thaws what ``freezeDataFilesystem(on:)`` froze (nothing to do when it is not frozen).
    public func thawDataFilesystem(on node: String) throws {}
}
