// What the platform can really do, read from the running kernel's configuration (never a hard-coded list).

import Foundation

/// Whether one capability is there.
public enum CapabilityAvailability: Sendable, Hashable {
    /// Present.
    case supported
    /// Absent, with why.
    case unsupported(String)
    /// Could not be told (no kernel configuration to read); treated as present, preflight finds out.
    case unknown
}

/// The capabilities of the platform that will run the faults.
public struct PlatformCapabilities: Sendable {
    private var table: [Capability: CapabilityAvailability]

    /// Creates a capability table (tests use this to stand in for another kernel).
    public init(_ table: [Capability: CapabilityAvailability]) { self.table = table }

    /// Whether a capability is there.
    public func availability(of capability: Capability) -> CapabilityAvailability {
        table[capability] ?? .unknown
    }

    /// Every capability known to be present.
    public static let everything = PlatformCapabilities(Dictionary(uniqueKeysWithValues: Capability.allCases.map { ($0, .supported) }))

    /// Reads the running kernel's build configuration (`/proc/config.gz`, else `/boot/config-RELEASE`)
    /// and, for options built as modules, looks for the module file.
    public static func detectLocalKernel() -> PlatformCapabilities {
        let release = kernelRelease()
        guard let config = KernelConfig.load(release: release) else {
            return PlatformCapabilities(Dictionary(uniqueKeysWithValues: Capability.allCases.map { ($0, .unknown) }))
        }
        return capabilities(of: config, release: release) { KernelConfig.moduleExists($0, release: release) }
    }

    /// What a kernel built with `config` can do; `moduleExists` says whether a module file is installed.
    static func capabilities(of config: KernelConfig, release: String, moduleExists: (String) -> Bool) -> PlatformCapabilities {
        var table: [Capability: CapabilityAvailability] = [:]
        let options: [(Capability, String, String)] = [
            (.netem, "CONFIG_NET_SCH_NETEM", "sch_netem"),
            (.tbf, "CONFIG_NET_SCH_TBF", "sch_tbf"),
            (.iptablesStatistic, "CONFIG_NETFILTER_XT_MATCH_STATISTIC", "xt_statistic"),
            (.iptables, "CONFIG_IP_NF_FILTER", "iptable_filter"),
        ]
        for (capability, option, module) in options {
            switch config.value(of: option) {
            case "y": table[capability] = .supported
            case "m":
                table[capability] = moduleExists(module)
                    ? .supported : .unsupported("\(option) is a module but \(module) is not installed for kernel \(release)")
            default:
                if capability == .iptables, config.value(of: "CONFIG_NF_TABLES") != nil {
                    table[capability] = .supported  // iptables-nft works on nf_tables
                } else {
                    table[capability] = .unsupported("kernel \(release) is built without \(option)")
                }
            }
        }
        return PlatformCapabilities(table)
    }

    private static func kernelRelease() -> String {
        (try? String(contentsOfFile: "/proc/sys/kernel/osrelease", encoding: .utf8))?
            .trimmingCharacters(in: .whitespacesAndNewlines) ?? "unknown"
    }
}
