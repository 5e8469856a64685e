// Where the lab keeps things: <stateDir>/nodes/<node>/{data,conf,run,log}, the inventory and credentials.
// Every node has its own socket/pid/log directories (Unix sockets live on the shared filesystem).

/// Paths under the lab's state directory.
public struct LabLayout: Sendable, Equatable {
    /// The state directory (default `/var/lib/chaos-lab`, `CHAOS_LAB_DIR` overrides).
    public var stateDirectory: String

    /// A layout rooted at `stateDirectory`.
    public init(stateDirectory: String) { self.stateDirectory = stateDirectory }

    /// `CHAOS_LAB_DIR` when set, else `/var/lib/chaos-lab`.
    public static func fromEnvironment(_ environment: [String: String]) -> LabLayout {
        let directory = environment["CHAOS_LAB_DIR"].flatMap { $0.isEmpty ? nil : $0 } ?? "/var/lib/chaos-lab"
        return LabLayout(stateDirectory: directory.hasSuffix("/") && directory.count > 1 ? String(directory.dropLast()) : directory)
    }

    /// `<stateDir>/inventory.json`.
    public var inventoryFile: String { Inventory.path(stateDirectory: stateDirectory) }
    /// `<stateDir>/credentials.json` (0600, root).
    public var credentialsFile: String { "\(stateDirectory)/credentials.json" }
    /// `<stateDir>/nodes/<node>`.
    public func nodeDirectory(_ node: String) -> String { "\(stateDirectory)/nodes/\(node)" }
    /// The node's data directory.
    public func dataDirectory(_ node: String) -> String { "\(nodeDirectory(node))/data" }
    /// The node's configuration directory.
    public func configDirectory(_ node: String) -> String { "\(nodeDirectory(node))/conf" }
    /// The node's socket and pid directory.
    public func runDirectory(_ node: String) -> String { "\(nodeDirectory(node))/run" }
    /// The node's log directory.
    public func logDirectory(_ node: String) -> String { "\(nodeDirectory(node))/log" }
    /// The PID file we write for a service (distinct from the service's own pid files).
    public func pidFile(_ node: String, _ service: ServiceKind) -> String { "\(runDirectory(node))/chaos-\(service.rawValue).pid" }
    /// The file a service's standard output and error go to.
    public func logFile(_ node: String, _ service: ServiceKind) -> String { "\(logDirectory(node))/\(service.rawValue).log" }
}
