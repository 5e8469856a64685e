// Which platform a command acts on: `--platform` (or `$CHAOS_PLATFORM`), default the built-in lab; the SSH
// platform also needs its cluster file (`--cluster` or `$CHAOS_CLUSTER`).

public import Foundation

/// Picks the platform a command acts on.
public enum PlatformSelection {
    /// The platform `name` (else `CHAOS_PLATFORM`, else `local`), with `clusterFile` (else `CHAOS_CLUSTER`)
    /// for `ssh`.
    ///
    /// - Throws: ``LabError`` for an unknown name, an unknown lab network, or an SSH platform without a
    ///   usable cluster file.
    public static func make(_ name: String?, clusterFile: String? = nil,
                            environment: [String: String] = ProcessInfo.processInfo.environment) throws(LabError) -> any ClusterPlatform {
        let chosen = name ?? environment["CHAOS_PLATFORM"].flatMap { $0.isEmpty ? nil : $0 } ?? "local"
        switch PlatformKind(rawValue: chosen) {
        case .local:
            _ = try LabTopology.fromEnvironment(environment)
            return LabController(environment: environment)
        case .docker:
            return DockerStack.fromEnvironment(environment)
        case .ssh:
            guard let path = clusterFile ?? environment["CHAOS_CLUSTER"].flatMap({ $0.isEmpty ? nil : $0 }) else {
                throw LabError("the ssh platform needs a cluster file", hint: "pass `--cluster cluster.yaml` (or set CHAOS_CLUSTER); `chaos discover` drafts one")
            }
            return try SSHPlatform.load(clusterFile: path, environment: environment)
        case nil:
            throw LabError("unknown platform '\(chosen)'", hint: "use local (the built-in lab), docker (the Compose stack) or ssh (your own hosts)")
        }
    }
}
