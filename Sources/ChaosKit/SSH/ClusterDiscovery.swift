// `chaos discover`: drafts a cluster file from what the cluster says about itself — Patroni's REST API
// (/patroni for the scope, /cluster for the members), etcd's member list, and, with SSH, each host's own
// view: the interface that carries a node's address, and for every service the process listening on its
// port (a systemd unit when its cgroup says so, else its command line, user, environment and log, to start
// it again). What it could not learn is listed, never guessed silently.

import Foundation
import Yams

/// What to discover from.
public struct DiscoveryRequest: Sendable {
    /// A Patroni member's REST API (`http://10.0.0.21:8008`).
    public var patroniURL: String
    /// etcd client URLs (empty: read from Patroni's configuration file over SSH).
    public var etcdURLs: [String]
    /// PgPool-II's address (nil: the draft has no PgPool-II node).
    public var pgpoolAddress: String?
    /// How to log in to the hosts (nil: no SSH, services are drafted as systemd units, unverified).
    public var login: SSHLogin?
    /// The credentials file to name in the draft.
    public var credentialsFile: String?
    /// Where SSH control sockets may go while discovering.
    public var controlDirectory: String

    /// Describes a discovery.
    public init(patroniURL: String, etcdURLs: [String] = [], pgpoolAddress: String? = nil, login: SSHLogin? = nil,
                credentialsFile: String? = nil, controlDirectory: String) {
        self.patroniURL = patroniURL.hasSuffix("/") ? String(patroniURL.dropLast()) : patroniURL
        self.etcdURLs = etcdURLs
        self.pgpoolAddress = pgpoolAddress
        self.login = login
        self.credentialsFile = credentialsFile
        self.controlDirectory = controlDirectory
    }
}

/// A drafted cluster file.
public struct DiscoveryResult: Sendable {
    /// The cluster file's text.
    public var text: String
    /// What could not be learned, one line each.
    public var unknown: [String]
}

/// Drafts cluster files.
public struct ClusterDiscovery: Sendable {
    /// Runs `ssh`.
    public var runner: CommandRunner

    /// A discovery that runs commands with `runner`.
    public init(runner: CommandRunner = CommandRunner()) { self.runner = runner }

    /// Learns what it can and drafts the file.
    ///
    /// - Throws: ``LabError`` when Patroni does not answer (nothing can be drafted without it).
    public func discover(_ request: DiscoveryRequest) throws(LabError) -> DiscoveryResult {
        var unknown: [String] = []
        let http = HTTPClient(timeoutMs: 5_000, connectTimeoutMs: 2_000)
        let patroni = try json(http, "GET", "\(request.patroniURL)/patroni")
        let scope = (patroni["patroni"] as? [String: Any])?["scope"] as? String ?? {
            unknown.append("the cluster's name (Patroni did not say its scope): set `name:`")
            return "my-cluster"
        }()
        let members = (try json(http, "GET", "\(request.patroniURL)/cluster")["members"] as? [[String: Any]]) ?? []
        guard !members.isEmpty else { throw LabError("Patroni at \(request.patroniURL) lists no members", hint: "is this a Patroni REST API?") }

        var nodes: [DraftNode] = []
        for member in members {
            guard let name = member["name"] as? String, let host = member["host"] as? String else { continue }
            let api = (member["api_url"] as? String).flatMap(URLComponents.init(string:))?.port ?? 8008
            nodes.append(DraftNode(name: name, kind: .postgres, address: host, ports: ["postgres": member["port"] as? Int ?? 5432, "patroni-api": api]))
        }

        var etcdURLs = request.etcdURLs
        if etcdURLs.isEmpty, let login = request.login, let first = nodes.first {
            etcdURLs = etcdEndpoints(fromPatroniOn: first, login: login, request: request)
        }
        if etcdURLs.isEmpty {
            unknown.append("the etcd members (pass --etcd URL, or --ssh-user so Patroni's configuration can be read)")
        } else if let list = try? json(http, "POST", "\(etcdURLs[0])/v3/cluster/member/list", body: "{}")["members"] as? [[String: Any]] {
            for member in list.sorted(by: { ($0["name"] as? String ?? "") < ($1["name"] as? String ?? "") }) {
                guard let name = member["name"] as? String, let client = (member["clientURLs"] as? [String])?.first,
                      let url = URLComponents(string: client), let host = url.host else { continue }
                var ports = ["etcd-client": url.port ?? 2379]
                if let peer = (member["peerURLs"] as? [String])?.first.flatMap(URLComponents.init(string:))?.port { ports["etcd-peer"] = peer }
                nodes.insert(DraftNode(name: name, kind: .etcd, address: host, ports: ports), at: nodes.filter { $0.kind == .etcd }.count)
            }
        } else {
            unknown.append("the etcd members: \(etcdURLs[0]) did not answer /v3/cluster/member/list")
        }
        if let pgpool = request.pgpoolAddress {
            nodes.append(DraftNode(name: "pgpool", kind: .pgpool, address: pgpool, ports: ["pgpool": LabPorts.pgpool, "pcp": LabPorts.pcp]))
        } else {
            unknown.append("PgPool-II (pass --pgpool ADDRESS; without it the pgpool path cannot be measured)")
        }

        for index in nodes.indices {
            if let login = request.login {
                probe(&nodes[index], login: login, request: request, unknown: &unknown)
            } else {
                for service in ClusterFileReader.services[nodes[index].kind, default: []].prefix(1) {
                    nodes[index].services[service] = .systemd(unit: Self.defaultUnit[service] ?? "\(service.rawValue).service")
                }
                unknown.append("how services run on \(nodes[index].name) (no --ssh-user: drafted as systemd units, unverified)")
            }
        }
        if request.credentialsFile == nil { unknown.append("the passwords: write a credentials_file (docs/platforms.md) and name it in the file") }
        let text = render(scope: scope, nodes: nodes, request: request)
        return DiscoveryResult(text: text, unknown: unknown)
    }

    /// Debian's unit names.
    static let defaultUnit: [ServiceKind: String] = [.etcd: "etcd.service", .patroni: "patroni.service", .pgpool: "pgpool2.service"]

    private func json(_ http: HTTPClient, _ method: String, _ url: String, body: String = "{}") throws(LabError) -> [String: Any] {
        let response: HTTPResponse
        do { response = method == "GET" ? try http.get(url) : try http.post(url, json: body) } catch {
            throw LabError("\(url) did not answer: \(error)", hint: "check the URL; discovery reads Patroni's REST API first")
        }
        guard response.status == 200, let object = try? JSONSerialization.jsonObject(with: response.body) as? [String: Any] else {
            throw LabError("\(url) answered \(response.status), not a JSON document")
        }
        return object
    }

    private func session(_ node: DraftNode, login: SSHLogin, request: DiscoveryRequest) -> SSHSession {
        SSHSession(host: node.address, login: login, controlDirectory: request.controlDirectory, runner: runner)
    }

    /// Reads Patroni's configuration file (named on its command line) on a PostgreSQL host for its etcd hosts.
    private func etcdEndpoints(fromPatroniOn node: DraftNode, login: SSHLogin, request: DiscoveryRequest) -> [String] {
        let finder = RemoteScript(control: .process(listen: node.ports["patroni-api"] ?? 8008, start: nil, log: nil), service: .patroni)
        let script = finder.prelude + "p=$(chaos_pid); [ -n \"$p\" ] || exit 3; c=$(tr '\\0' '\\n' < /proc/$p/cmdline | grep -E '\\.ya?ml$' | tail -1); cat \"$c\""
        guard let text = try? session(node, login: login, request: request).output(script, changes: false, doing: "reading Patroni's configuration"),
              let config = (try? Yams.load(yaml: text)) as? [String: Any] else { return [] }
        for key in ["etcd3", "etcd"] {
            guard let section = config[key] as? [String: Any] else { continue }
            var hosts: [String] = []
            if let list = section["hosts"] as? [String] { hosts = list }
            else if let text = section["hosts"] as? String { hosts = text.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) } }
            else if let host = section["host"] as? String { hosts = [host] }
            let scheme = (section["protocol"] as? String) ?? "http"
            return hosts.map { $0.contains("://") ? $0 : "\(scheme)://\($0)" }
        }
        return []
    }

    /// Learns a node's interface and how each of its services runs.
    private func probe(_ node: inout DraftNode, login: SSHLogin, request: DiscoveryRequest, unknown: inout [String]) {
        let ssh = session(node, login: login, request: request)
        let address = ShellQuote.quote(node.address)
        if let text = try? ssh.output("ip -o -4 addr show | awk -v a=\(address) '{split($4,x,\"/\"); if (x[1]==a) print $2}'", changes: false, doing: "finding the interface"),
           let interface = text.split(separator: "\n").first.map(String.init) {
            node.interface = interface
        } else {
            unknown.append("the interface of \(node.name) (no interface carries \(node.address)): set `interface:`")
        }
        var candidates: [(ServiceKind, Int)] = []
        for service in ClusterFileReader.services[node.kind, default: []] where service != .postgres {
            let port = ClusterFileReader.servicePort[service].flatMap { node.ports[$0] } ?? (service == .exporter ? LabPorts.exporter : nil)
            if let port { candidates.append((service, port)) }
        }
        for (service, port) in candidates {
            let finder = RemoteScript(control: .process(listen: port, start: nil, log: nil), service: service)
            let script = finder.prelude + """
                p=$(chaos_pid); [ -n "$p" ] || exit 0; echo "cgroup $(head -1 /proc/$p/cgroup)"; echo "user $(stat -c %U /proc/$p)"; echo "group $(stat -c %G /proc/$p)"; \
                echo "log $(readlink /proc/$p/fd/1)"; echo "cwd $(readlink /proc/$p/cwd)"; \
                echo "cmd $(base64 -w0 < /proc/$p/cmdline)"; echo "env $(base64 -w0 < /proc/$p/environ)"
                """
            guard let text = try? ssh.output(script, changes: false, doing: "reading \(service.rawValue)") else {
                unknown.append("how \(service.rawValue) runs on \(node.name): \(node.address) did not answer over SSH")
                continue
            }
            var facts: [String: String] = [:]
            for line in text.split(separator: "\n") {
                let parts = line.split(separator: " ", maxSplits: 1).map(String.init)
                facts[parts[0]] = parts.count > 1 ? parts[1] : ""
            }
            guard !facts.isEmpty else {
                if service != .exporter { unknown.append("\(service.rawValue) on \(node.name): nothing listens on port \(port) now") }
                continue
            }
            if let cgroup = facts["cgroup"], let unit = cgroup.split(separator: "/").last, unit.hasSuffix(".service") {
                node.services[service] = .systemd(unit: String(unit))
                continue
            }
            let command = Self.words(base64: facts["cmd"])
            var environment: [String] = []
            for entry in Self.words(base64: facts["env"]) {
                let name = String(entry.prefix { $0 != "=" })
                if ["PASS", "SECRET", "TOKEN", "KEY"].contains(where: name.uppercased().contains) {
                    unknown.append("\(service.rawValue) on \(node.name) runs with \(name) set, which looks like a secret: left out of `start:`; add it by hand")
                } else {
                    environment.append(entry)
                }
            }
            var start: [String] = []
            // setpriv execs the service, so nothing stays between the shell and it. runuser (or su) would stay as its
            // parent and stop itself when the service is stopped, never to reap it when it is later killed.
            if let user = facts["user"], user != (login.user ?? "root") {
                start += ["setpriv", "--reuid=\(user)", "--regid=\(facts["group"].flatMap { $0.isEmpty ? nil : $0 } ?? user)", "--init-groups", "--"]
            }
            start += ["env", "-i"] + environment + command
            var line = ShellQuote.join(start)
            if let cwd = facts["cwd"], cwd != "/", !cwd.isEmpty { line = "cd \(ShellQuote.quote(cwd)) && exec \(line)" }
            let log = facts["log"].flatMap { $0.hasPrefix("/") && $0 != "/dev/null" ? $0 : nil }
            node.services[service] = .process(listen: port, start: command.isEmpty ? nil : line, log: log)
        }
    }

    private static func words(base64 text: String?) -> [String] {
        guard let text, let data = Data(base64Encoded: text) else { return [] }
        return data.split(separator: 0).map { String(decoding: $0, as: UTF8.self) }
    }

    private func render(scope: String, nodes: [DraftNode], request: DiscoveryRequest) -> String {
        var lines = [
            "# Drafted by `chaos discover` at \(LabController.timestamp()) from \(request.patroniURL).",
            "# Check every line before the first fault: docs/platforms.md describes this file.",
            "name: \(Self.quote(scope))",
            "protected: false",
            "credentials_file: \(Self.quote(request.credentialsFile ?? "/etc/chaos/\(scope)-credentials.json"))",
        ]
        if let login = request.login {
            lines.append("ssh:")
            if let user = login.user { lines.append("  user: \(Self.quote(user))") }
            lines.append("  port: \(login.port)")
            if let key = login.identityFile { lines.append("  identity_file: \(Self.quote(key))") }
            if let known = login.knownHostsFile { lines.append("  known_hosts_file: \(Self.quote(known))") }
        }
        lines.append("nodes:")
        for node in nodes {
            lines.append("  \(node.name):")
            lines.append("    kind: \(node.kind.rawValue)")
            lines.append("    address: \(Self.quote(node.address))")
            lines.append("    interface: \(Self.quote(node.interface ?? "eth0"))")
            lines.append("    ports: {" + node.ports.sorted { $0.key < $1.key }.map { "\($0.key): \($0.value)" }.joined(separator: ", ") + "}")
            lines.append("    services:")
            for (service, control) in node.services.sorted(by: { $0.key.rawValue < $1.key.rawValue }) {
                switch control {
                case .systemd(let unit): lines.append("      \(service.rawValue): {systemd: \(Self.quote(unit))}")
                case .process(let port, let start, let log):
                    lines.append("      \(service.rawValue):")
                    lines.append("        listen: \(port)")
                    if let start { lines.append("        start: \(Self.quote(start))") }
                    if let log { lines.append("        log: \(Self.quote(log))") }
                }
            }
            if node.services.isEmpty { lines.append("      {}") }
        }
        return lines.joined(separator: "\n") + "\n"
    }

    /// A YAML double-quoted scalar (JSON's string syntax is one).
    static func quote(_ text: String) -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.withoutEscapingSlashes]
        return (try? encoder.encode(text)).map { String(decoding: $0, as: UTF8.self) } ?? "\"\""
    }
}

/// A node while its file entry is drafted.
private struct DraftNode {
    var name: String
    var kind: NodeKind
    var address: String
    var ports: [String: Int]
    var interface: String?
    var services: [ServiceKind: ServiceControl] = [:]
}
