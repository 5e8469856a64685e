// Reads and checks a cluster file, reporting every problem at once with file:line:col and a did-you-mean,
// the way scenarios are checked.

import Foundation
import Yams

/// What reading a cluster file gave: the cluster, or the problems.
public struct ClusterFileReadResult: Sendable {
    /// The cluster, when the file has no error.
    public var cluster: ClusterFile?
    /// Errors and warnings, in file order.
    public var diagnostics: [Diagnostic]
}

/// Reads cluster files.
public enum ClusterFileReader {
    /// The port names a node may declare.
    static let portNames = ["etcd-client", "etcd-peer", "postgres", "patroni-api", "exporter", "pgpool", "pcp"]
    /// The ports each kind of node must declare.
    static let requiredPorts: [NodeKind: [String]] = [.etcd: ["etcd-client"], .postgres: ["postgres", "patroni-api"], .pgpool: ["pgpool", "pcp"]]
    /// The services each kind of node may have, the first one required.
    static let services: [NodeKind: [ServiceKind]] = [.etcd: [.etcd], .postgres: [.patroni, .postgres, .exporter], .pgpool: [.pgpool]]
    /// The port a service listens on, by port name.
    static let servicePort: [ServiceKind: String] = [.etcd: "etcd-client", .patroni: "patroni-api", .postgres: "postgres", .exporter: "exporter", .pgpool: "pgpool"]

    /// Reads the file at `path`.
    public static func load(path: String) -> ClusterFileReadResult {
        guard let data = FileManager.default.contents(atPath: path) else {
            return ClusterFileReadResult(cluster: nil, diagnostics: [Diagnostic(
                location: SourceLocation(file: path, line: 1, column: 1), keyPath: "",
                message: "cannot read the cluster file (missing, or not readable by this user)")])
        }
        return read(text: String(decoding: data, as: UTF8.self), file: path)
    }

    /// Reads cluster file text; `file` names it in diagnostics.
    public static func read(text: String, file: String) -> ClusterFileReadResult {
        let diagnostics = DiagnosticCollector(file: file)
        guard let root = diagnostics.compose(text, emptyMessage: "the file is empty; a cluster file needs a name, a credentials_file and nodes") else {
            return ClusterFileReadResult(cluster: nil, diagnostics: diagnostics.diagnostics)
        }
        let cluster = check(root, diagnostics: diagnostics)
        return ClusterFileReadResult(cluster: diagnostics.hasErrors ? nil : cluster, diagnostics: diagnostics.diagnostics)
    }

    private static func check(_ root: Node, diagnostics: DiagnosticCollector) -> ClusterFile? {
        guard let fields = YAMLFields(root, path: .root, what: "a cluster file", into: diagnostics) else { return nil }
        fields.rejectUnknownKeys(allowed: ["name", "protected", "credentials_file", "revert_after", "ssh", "nodes", "baseline"], context: "a cluster file", into: diagnostics)
        let name = required("name", in: fields, diagnostics: diagnostics).flatMap { YAMLScalar.string($0, path: .root.key("name"), into: diagnostics) }
        let isProtected = fields.value("protected").flatMap { YAMLScalar.bool($0, path: .root.key("protected"), into: diagnostics) } ?? false
        let credentials = required("credentials_file", in: fields, diagnostics: diagnostics)
            .flatMap { YAMLScalar.string($0, path: .root.key("credentials_file"), into: diagnostics) }
        var revertAfter = 600
        if let node = fields.value("revert_after") {
            revertAfter = YAMLScalar.duration(node, path: .root.key("revert_after"), into: diagnostics).map { Int($0.nanoseconds / 1_000_000_000) } ?? 600
            if revertAfter < 10 || revertAfter > 86_400 {
                diagnostics.error("must be 10s…24h (how long a dead-man's switch waits for a fault with no duration)", at: node, path: .root.key("revert_after"))
            }
        }
        let defaults = fields.value("ssh").flatMap { login($0, base: SSHLogin(), path: .root.key("ssh"), diagnostics: diagnostics) } ?? SSHLogin()
        var nodes: [ClusterFileNode] = []
        if let nodesNode = required("nodes", in: fields, diagnostics: diagnostics),
           let nodeFields = YAMLFields(nodesNode, path: .root.key("nodes"), what: "nodes (a mapping of node name to node)", into: diagnostics) {
            for nodeName in nodeFields.keys {
                guard let value = nodeFields.value(nodeName) else { continue }
                if let node = self.node(nodeName, value, defaults: defaults, path: .root.key("nodes").key(nodeName), diagnostics: diagnostics) {
                    nodes.append(node)
                }
            }
            for kind in [NodeKind.etcd, .postgres] where !nodes.isEmpty && !nodes.contains(where: { $0.kind == kind }) {
                diagnostics.error("the cluster has no \(kind.rawValue) node; it needs at least one", at: nodesNode, path: .root.key("nodes"))
            }
            if nodes.filter({ $0.kind == .pgpool }).count > 1 {
                diagnostics.error("more than one pgpool node; chaos measures through one PgPool-II", at: nodesNode, path: .root.key("nodes"))
            }
        }
        var baseline: HostPort?
        if let node = fields.value("baseline"), let text = YAMLScalar.string(node, path: .root.key("baseline"), into: diagnostics) {
            let parts = text.split(separator: ":", maxSplits: 1).map(String.init)
            if parts.count == 2, !parts[0].isEmpty, let port = Int(parts[1]), (1...65_535).contains(port) {
                baseline = HostPort(host: parts[0], port: port)
            } else {
                diagnostics.error("expected host:port of a standalone PostgreSQL (e.g. 10.0.0.40:5432), found '\(text)'", at: node, path: .root.key("baseline"))
            }
        }
        guard let name, let credentials else { return nil }
        var cluster = ClusterFile(name: name, isProtected: isProtected, credentialsFile: credentials, revertAfter: revertAfter, nodes: nodes)
        cluster.baseline = baseline
        return cluster
    }

    private static func required(_ key: String, in fields: YAMLFields, diagnostics: DiagnosticCollector) -> Node? {
        guard let value = fields.value(key) else {
            diagnostics.error("missing '\(key)'", at: fields.node, path: fields.path.key(key))
            return nil
        }
        return value
    }

    private static func login(_ node: Node, base: SSHLogin, path: KeyPath, diagnostics: DiagnosticCollector) -> SSHLogin? {
        guard let fields = YAMLFields(node, path: path, what: "ssh", into: diagnostics) else { return nil }
        fields.rejectUnknownKeys(allowed: ["user", "port", "identity_file", "known_hosts_file"], context: "ssh", into: diagnostics)
        var login = base
        if let value = fields.value("user") { login.user = YAMLScalar.string(value, path: path.key("user"), into: diagnostics) }
        if let value = fields.value("port") { login.port = YAMLScalar.integer(value, path: path.key("port"), min: 1, max: 65_535, into: diagnostics) ?? base.port }
        if let value = fields.value("identity_file") { login.identityFile = YAMLScalar.string(value, path: path.key("identity_file"), into: diagnostics) }
        if let value = fields.value("known_hosts_file") { login.knownHostsFile = YAMLScalar.string(value, path: path.key("known_hosts_file"), into: diagnostics) }
        return login
    }

    private static func node(_ name: String, _ node: Node, defaults: SSHLogin, path: KeyPath, diagnostics: DiagnosticCollector) -> ClusterFileNode? {
        guard let fields = YAMLFields(node, path: path, what: "node \(name)", into: diagnostics) else { return nil }
        fields.rejectUnknownKeys(allowed: ["kind", "address", "interface", "ports", "ssh", "services"], context: "node \(name)", into: diagnostics)
        let kind = required("kind", in: fields, diagnostics: diagnostics)
            .flatMap { YAMLScalar.choice($0, path: path.key("kind"), among: NodeKind.allCases.map(\.rawValue), what: "node kind", into: diagnostics) }
            .flatMap(NodeKind.init(rawValue:))
        let address = required("address", in: fields, diagnostics: diagnostics).flatMap { YAMLScalar.string($0, path: path.key("address"), into: diagnostics) }
        let interface = fields.value("interface").flatMap { YAMLScalar.string($0, path: path.key("interface"), into: diagnostics) } ?? "eth0"
        let login = fields.value("ssh").flatMap { self.login($0, base: defaults, path: path.key("ssh"), diagnostics: diagnostics) } ?? defaults
        var ports: [String: Int] = [:]
        if let portsNode = fields.value("ports"), let portFields = YAMLFields(portsNode, path: path.key("ports"), what: "ports", into: diagnostics) {
            portFields.rejectUnknownKeys(allowed: portNames, context: "ports", into: diagnostics)
            for key in portFields.keys where portNames.contains(key) {
                if let value = portFields.value(key), let port = YAMLScalar.integer(value, path: path.key("ports").key(key), min: 1, max: 65_535, into: diagnostics) {
                    ports[key] = port
                }
            }
        }
        guard let kind else { return nil }
        for port in requiredPorts[kind] ?? [] where ports[port] == nil {
            diagnostics.error("a \(kind.rawValue) node needs ports.\(port)", at: fields.value("ports") ?? fields.node, path: path.key("ports").key(port))
        }
        let allowed = services[kind] ?? []
        var controls: [ServiceKind: ServiceControl] = [:]
        if let servicesNode = fields.value("services"),
           let serviceFields = YAMLFields(servicesNode, path: path.key("services"), what: "services", into: diagnostics) {
            serviceFields.rejectUnknownKeys(allowed: allowed.map(\.rawValue), context: "the services of a \(kind.rawValue) node", into: diagnostics)
            for key in serviceFields.keys {
                guard let service = ServiceKind(rawValue: key), allowed.contains(service), let value = serviceFields.value(key) else { continue }
                controls[service] = control(service, value, ports: ports, path: path.key("services").key(key), diagnostics: diagnostics)
            }
        }
        if let main = allowed.first, controls[main] == nil {
            diagnostics.error("a \(kind.rawValue) node needs services.\(main.rawValue) (`systemd: UNIT`, or `listen:` with `start:`)",
                              at: fields.value("services") ?? fields.node, path: path.key("services").key(main.rawValue))
        }
        // PostgreSQL is Patroni's child: found by its port unless said otherwise.
        if kind == .postgres, controls[.postgres] == nil, let port = ports["postgres"] { controls[.postgres] = .process(listen: port, start: nil, log: nil) }
        guard let address else { return nil }
        return ClusterFileNode(name: name, kind: kind, address: address, interface: interface, ports: ports, login: login, services: controls)
    }

    private static func control(_ service: ServiceKind, _ node: Node, ports: [String: Int], path: KeyPath, diagnostics: DiagnosticCollector) -> ServiceControl? {
        guard let fields = YAMLFields(node, path: path, what: "a service", into: diagnostics) else { return nil }
        fields.rejectUnknownKeys(allowed: ["systemd", "listen", "start", "log"], context: "a service", into: diagnostics)
        if let unit = fields.value("systemd") {
            for other in ["listen", "start", "log"] where fields.value(other) != nil {
                diagnostics.error("'\(other)' has no meaning with 'systemd' (systemd finds, starts and logs the unit)", at: fields.keyNode(other), path: path.key(other))
            }
            return YAMLScalar.string(unit, path: path.key("systemd"), into: diagnostics).map { .systemd(unit: $0) }
        }
        let defaultPort = servicePort[service].flatMap { ports[$0] }
        let listen = fields.value("listen").flatMap { YAMLScalar.integer($0, path: path.key("listen"), min: 1, max: 65_535, into: diagnostics) } ?? defaultPort
        guard let listen else {
            diagnostics.error("say how to find \(service.rawValue): `systemd: UNIT`, or `listen: PORT` (the TCP port it listens on)", at: node, path: path)
            return nil
        }
        let start = fields.value("start").flatMap { YAMLScalar.string($0, path: path.key("start"), into: diagnostics) }
        if start == nil, service != .postgres {
            diagnostics.warning("no 'start': faults that stop \(service.rawValue) cannot be undone by chaos; they are refused", at: node, path: path)
        }
        let log = fields.value("log").flatMap { YAMLScalar.string($0, path: path.key("log"), into: diagnostics) }
        return .process(listen: listen, start: start, log: log)
    }
}
