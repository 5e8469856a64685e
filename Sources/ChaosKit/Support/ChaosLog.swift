// The library's log: what it does to the cluster, for `--verbose`. Silent unless the program sets up a
// log handler at debug level (swift-log's LoggingSystem). Secrets a scenario read from the environment are
// blanked out of every line.

import Foundation
public import Logging

/// Loggers of the library.
public enum ChaosLog {
    /// Every command run on the cluster or this host (ip, iptables, tc, kill, pcp_*, psql, …) with its exit
    /// status and how long it took, at debug level.
    public static let commands = Logger(label: "chaos.commands")

    private static let secrets = Locked<[String]>([])

    /// From now on, `values` never appear in a log line (they become `[secret]`).
    public static func hide(_ values: [String]) {
        let wanted = values.filter { !$0.isEmpty }
        guard !wanted.isEmpty else { return }
        secrets.withLock { $0 = Array(Set($0 + wanted)).sorted { $0.count > $1.count } }
    }

    /// `text` with every hidden value replaced.
    static func redacted(_ text: String) -> String {
        var result = text
        for secret in secrets.snapshot { result = result.replacingOccurrences(of: secret, with: RunDirectory.redaction) }
        return result
    }
}
