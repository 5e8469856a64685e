// Before touching the machine: are we root, and are the programs the lab runs installed? Says exactly
// which Debian package is missing and what to run.

import Foundation

/// Checks the host can run the lab.
public enum LabPreflight {
    /// A program the lab needs and the Debian package that ships it.
    public struct Requirement: Sendable, Equatable {
        /// Absolute path of the program.
        public var path: String
        /// The Debian package that provides it.
        public var package: String
    }

    /// Everything the lab runs.
    public static let requirements: [Requirement] = [
        Requirement(path: "/usr/lib/postgresql/15/bin/postgres", package: "postgresql-15"),
        Requirement(path: "/usr/bin/psql", package: "postgresql-client-15"),
        Requirement(path: "/usr/bin/patroni", package: "patroni"),
        Requirement(path: "/usr/bin/etcd", package: "etcd-server"),
        Requirement(path: "/usr/bin/etcdctl", package: "etcd-client"),
        Requirement(path: "/usr/sbin/pgpool", package: "pgpool2"),
        Requirement(path: "/usr/sbin/pcp_attach_node", package: "pgpool2"),
        Requirement(path: "/usr/sbin/iptables", package: "iptables"),
        Requirement(path: "/usr/sbin/ip", package: "iproute2"),
        Requirement(path: "/usr/bin/setpriv", package: "util-linux"),
        Requirement(path: "/usr/bin/curl", package: "curl"),
        Requirement(path: "/usr/bin/prometheus-postgres-exporter", package: "prometheus-postgres-exporter"),
        Requirement(path: "/usr/bin/ssh", package: "openssh-client"),
        Requirement(path: "/usr/sbin/sshd", package: "openssh-server"),
    ]

    /// The Debian packages whose programs are missing (empty when all are there).
    public static func missingPackages() -> [String] {
        var missing: [String] = []
        for requirement in requirements where !FileManager.default.isExecutableFile(atPath: requirement.path) {
            if !missing.contains(requirement.package) { missing.append(requirement.package) }
        }
        return missing
    }

    /// Whether this process runs as root.
    public static var isRoot: Bool { geteuid() == 0 }

    /// Whether the lab can run here (root and every package present); tests use it to enable themselves.
    public static var isReady: Bool { isRoot && missingPackages().isEmpty }

    /// Throws a ``LabError`` saying what is missing and what to run.
    public static func check() throws(LabError) {
        let missing = missingPackages()
        if !missing.isEmpty {
            throw LabError("the lab needs Debian packages that are not installed: \(missing.joined(separator: ", "))",
                           hint: "run `sudo scripts/install-deps.sh` (or `sudo apt-get install -y \(missing.joined(separator: " "))`)")
        }
        if !isRoot {
            throw LabError("the lab needs root: it creates network namespaces, a bridge and iptables rules, and runs services as other users",
                           hint: "run it with sudo, e.g. `sudo .build/debug/chaos lab up`")
        }
    }
}
