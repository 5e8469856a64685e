// The library's log: what it does to the cluster, for `--verbose`. Silent unless the program sets up a
// log handler at debug level (swift-log's LoggingSystem).

public import Logging

/// Loggers of the library.
public enum ChaosLog {
    /// Every command run on the cluster or this host (ip, iptables, tc, kill, pcp_*, psql, …) with its exit
    /// status and how long it took, at debug level.
    public static let commands = Logger(label: "chaos.commands")
}
