// What a platform (kernel, tools) must support for a fault kind to run.

/// A platform feature some fault kinds need.
public enum Capability: String, Sendable, Hashable, CaseIterable, CustomStringConvertible {
    /// tc's netem qdisc (latency, jitter).
    case netem
    /// tc's token bucket filter (bandwidth limits).
    case tbf
    /// iptables with the `statistic` match (random packet loss).
    case iptablesStatistic = "iptables_statistic"
    /// iptables itself (partitions, isolation).
    case iptables

    public var description: String {
        switch self {
        case .netem: return "tc netem (kernel option CONFIG_NET_SCH_NETEM)"
        case .tbf: return "tc tbf (kernel option CONFIG_NET_SCH_TBF)"
        case .iptablesStatistic: return "iptables statistic match (kernel option CONFIG_NETFILTER_XT_MATCH_STATISTIC)"
        case .iptables: return "iptables (Debian package iptables)"
        }
    }
}
