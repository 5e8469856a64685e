// Everything of a lab that exists on this host: namespaces, veths, the bridge, tagged iptables rules,
// processes, mounts (the bootstrap cache's overlays) and the state directory. `down` must leave this empty; `up` clears it first.

/// What of the lab is left on the host.
public struct LabLeftovers: Sendable, Equatable, Codable {
    /// Our network namespaces that exist.
    public var namespaces: [String] = []
    /// Our host-side veth interfaces that exist.
    public var interfaces: [String] = []
    /// Whether the bridge exists.
    public var bridge = false
    /// Host iptables rules tagged with our comment, as `iptables -S` prints them.
    public var rules: [String] = []
    /// Live processes of the lab (in our namespaces, or recorded by us and still running our command).
    public var processes: [Int32] = []
    /// Mount points under the state directory (the overlays of a cluster started from the bootstrap cache).
    public var mounts: [String] = []
    /// Whether the state directory still exists.
    public var stateDirectory = false

    /// Nothing left.
    public var isClean: Bool {
        namespaces.isEmpty && interfaces.isEmpty && !bridge && rules.isEmpty && processes.isEmpty && mounts.isEmpty && !stateDirectory
    }

    /// A one-line summary of what is left.
    public var summary: String {
        var parts: [String] = []
        if !processes.isEmpty {
            let shown = processes.prefix(8).map(String.init).joined(separator: " ")
            parts.append("\(processes.count) processes (\(shown)\(processes.count > 8 ? " …" : ""))")
        }
        if !namespaces.isEmpty { parts.append("namespaces \(namespaces.joined(separator: " "))") }
        if !interfaces.isEmpty { parts.append("interfaces \(interfaces.joined(separator: " "))") }
        if bridge { parts.append("bridge") }
        if !rules.isEmpty { parts.append("iptables rules: \(rules.joined(separator: "; "))") }
        if !mounts.isEmpty { parts.append("mounts \(mounts.joined(separator: " "))") }
        if stateDirectory { parts.append("state directory") }
        return parts.isEmpty ? "nothing" : parts.joined(separator: ", ")
    }
}
