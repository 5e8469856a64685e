// Renders infra/ templates into each node's conf/ directory and creates the node directories with the
// right owners and modes. Returns the inventory entries (services not started yet).

import Foundation

/// Writes every node's configuration.
struct LabFiles {
    var topology: LabTopology
    var layout: LabLayout
    var infra: LabInfra
    var credentials: ClusterCredentials
    var profile: ClusterRequirements
    var runner: CommandRunner
    var scope = "chaos"

    static let postgresBin = "/usr/lib/postgresql/15/bin"

    /// Creates the state directory and writes every node's files.
    func writeAll() throws(LabError) -> [Inventory.Node] {
        try makeDirectory(layout.stateDirectory, mode: 0o755)
        try makeDirectory("\(layout.stateDirectory)/nodes", mode: 0o755)
        var nodes: [Inventory.Node] = []
        for spec in topology.nodes {
            switch spec.kind {
            case .etcd: nodes.append(try writeEtcd(spec))
            case .postgres: nodes.append(try writePostgres(spec))
            case .pgpool: nodes.append(try writePgpool(spec))
            }
        }
        return nodes
    }

    /// Re-renders PgPool-II's pgpool.conf for the current profile (the profile changes its search timeout).
    func rewritePgpoolConfig(_ spec: LabNodeSpec) throws(LabError) {
        try write(try pgpoolConf(spec), to: "\(layout.configDirectory(spec.name))/pgpool.conf", mode: 0o600, owner: "postgres")
    }

    // MARK: etcd

    private func writeEtcd(_ spec: LabNodeSpec) throws(LabError) -> Inventory.Node {
        let name = spec.name
        try makeNodeDirectories(name, owner: "etcd")
        let cluster = topology.nodes(.etcd).map { "\($0.name)=http://\($0.address):\(LabPorts.etcdPeer)" }.joined(separator: ",")
        let config = try TemplateRenderer.render(try infra.template("etcd/etcd.conf.yml"), values: [
            "name": name, "data_dir": layout.dataDirectory(name), "address": spec.address,
            "initial_cluster": cluster, "cluster_token": "chaos-lab-\(scope)",
        ], templateName: "etcd/etcd.conf.yml")
        let configFile = "\(layout.configDirectory(name))/etcd.conf.yml"
        try write(config, to: configFile, mode: 0o600, owner: "etcd")
        let service = Inventory.Service(
            kind: .etcd, user: "etcd", pid: nil, pidFile: layout.pidFile(name, .etcd), logFile: layout.logFile(name, .etcd),
            command: ["/usr/bin/etcd", "--config-file", configFile], environment: environment(name))
        return node(spec, ports: ["etcd-client": LabPorts.etcdClient, "etcd-peer": LabPorts.etcdPeer], services: [service])
    }

    // MARK: PostgreSQL + Patroni

    private func writePostgres(_ spec: LabNodeSpec) throws(LabError) -> Inventory.Node {
        let name = spec.name
        let conf = layout.configDirectory(name)
        try makeNodeDirectories(name, owner: "postgres", createData: false)
        let etcdHosts = topology.nodes(.etcd).map { "\($0.address):\(LabPorts.etcdClient)" }.joined(separator: ",")
        let callback = "\(conf)/on_role_change.sh"
        let patroni = try TemplateRenderer.render(try infra.template("patroni/patroni.yml"), values: [
            "scope": scope, "name": name, "address": spec.address,
            "restapi_user": credentials.restAPIUser, "restapi_password": credentials.restAPIPassword,
            "etcd_hosts": etcdHosts, "ttl": "\(profile.ttl)", "loop_wait": "\(profile.loopWait)",
            "retry_timeout": "\(profile.retryTimeout)",
            "synchronous_mode": profile.replication == .sync ? "true" : "false",
            "failsafe_mode": profile.failsafe ? "true" : "false",
            "maximum_lag_on_failover": "\(profile.lagLimit)", "synchronous_mode_strict": profile.strict ? "true" : "false",
            "post_init": "\(conf)/post_init.sh", "data_dir": layout.dataDirectory(name), "pg_bin_dir": Self.postgresBin,
            "run_dir": layout.runDirectory(name), "log_dir": layout.logDirectory(name),
            "superuser_password": credentials.superuserPassword, "replication_password": credentials.replicationPassword,
            "rewind_password": credentials.rewindPassword, "subnet": topology.subnet, "callback": callback,
        ], templateName: "patroni/patroni.yml")
        try write(patroni, to: "\(conf)/patroni.yml", mode: 0o600, owner: "postgres")
        let postInit = try TemplateRenderer.render(try infra.template("patroni/post_init.sh"), values: [
            "app_user": credentials.appUser, "app_password": credentials.appPassword, "app_database": credentials.appDatabase,
        ], templateName: "patroni/post_init.sh")
        try write(postInit, to: "\(conf)/post_init.sh", mode: 0o700, owner: "postgres")
        let pgpool = topology.nodes(.pgpool).first
        let memberIndex = topology.nodes(.postgres).firstIndex { $0.name == name } ?? 0
        let roleChange = try TemplateRenderer.render(try infra.template("patroni/on_role_change.sh"), values: [
            "pgpool_node_id": "\(memberIndex)", "pcppass": "\(conf)/pcppass", "pgpool_address": pgpool?.address ?? "127.0.0.1",
            "pcp_port": "\(LabPorts.pcp)", "pcp_user": credentials.pcpUser, "pg_bin_dir": Self.postgresBin,
            "address": spec.address,
        ], templateName: "patroni/on_role_change.sh")
        try write(roleChange, to: callback, mode: 0o700, owner: "postgres")
        let pcppass = try TemplateRenderer.render(try infra.template("pgpool/pcppass"), values: [
            "pgpool_address": pgpool?.address ?? "127.0.0.1", "pcp_port": "\(LabPorts.pcp)",
            "pcp_user": credentials.pcpUser, "pcp_password": credentials.pcpPassword,
        ], templateName: "pgpool/pcppass")
        try write(pcppass, to: "\(conf)/pcppass", mode: 0o600, owner: "postgres")
        let patroniService = Inventory.Service(
            kind: .patroni, user: "postgres", pid: nil, pidFile: layout.pidFile(name, .patroni),
            logFile: layout.logFile(name, .patroni), command: ["/usr/bin/patroni", "\(conf)/patroni.yml"], environment: environment(name))
        let postgresService = Inventory.Service(
            kind: .postgres, user: "postgres", pid: nil, pidFile: "\(layout.dataDirectory(name))/postmaster.pid",
            logFile: "\(layout.logDirectory(name))/postgresql.log", command: [])
        let exporterService = Inventory.Service(
            kind: .exporter, user: "postgres", pid: nil, pidFile: layout.pidFile(name, .exporter),
            logFile: layout.logFile(name, .exporter),
            command: ["/usr/bin/prometheus-postgres-exporter", "--web.listen-address=\(spec.address):\(LabPorts.exporter)",
                      "--log.level=warn"],
            environment: environment(name).merging([
                "DATA_SOURCE_NAME": "host=\(layout.runDirectory(name)) port=\(LabPorts.postgres) user=\(credentials.superuser) dbname=postgres sslmode=disable",
            ]) { _, new in new })
        return node(spec, ports: ["postgres": LabPorts.postgres, "patroni-api": LabPorts.patroniAPI, "exporter": LabPorts.exporter],
                    services: [patroniService, postgresService, exporterService])
    }

    // MARK: PgPool-II

    private func writePgpool(_ spec: LabNodeSpec) throws(LabError) -> Inventory.Node {
        let name = spec.name
        let conf = layout.configDirectory(name)
        try makeNodeDirectories(name, owner: "postgres", createData: false)
        try write(try pgpoolConf(spec), to: "\(conf)/pgpool.conf", mode: 0o600, owner: "postgres")
        let hba = try TemplateRenderer.render(try infra.template("pgpool/pool_hba.conf"), values: ["subnet": topology.subnet],
                                              templateName: "pgpool/pool_hba.conf")
        try write(hba, to: "\(conf)/pool_hba.conf", mode: 0o600, owner: "postgres")
        let passwd = try TemplateRenderer.render(try infra.template("pgpool/pool_passwd"), values: [
            "superuser": credentials.superuser, "superuser_password": credentials.superuserPassword,
            "app_user": credentials.appUser, "app_password": credentials.appPassword,
        ], templateName: "pgpool/pool_passwd")
        try write(passwd, to: "\(conf)/pool_passwd", mode: 0o600, owner: "postgres")
        let md5: String
        do {
            md5 = try runner.output(["md5sum"], input: credentials.pcpPassword, timeout: .seconds(5))
                .split(separator: " ").first.map(String.init) ?? ""
        } catch {
            throw LabError("could not hash the PCP password: \(error)", hint: "check that coreutils' md5sum is installed")
        }
        let pcp = try TemplateRenderer.render(try infra.template("pgpool/pcp.conf"), values: [
            "pcp_user": credentials.pcpUser, "pcp_password_md5": md5,
        ], templateName: "pgpool/pcp.conf")
        try write(pcp, to: "\(conf)/pcp.conf", mode: 0o600, owner: "postgres")
        let pcppass = try TemplateRenderer.render(try infra.template("pgpool/pcppass"), values: [
            "pgpool_address": spec.address, "pcp_port": "\(LabPorts.pcp)",
            "pcp_user": credentials.pcpUser, "pcp_password": credentials.pcpPassword,
        ], templateName: "pgpool/pcppass")
        try write(pcppass, to: "\(conf)/pcppass", mode: 0o600, owner: "postgres")
        let failover = try TemplateRenderer.render(try infra.template("pgpool/failover.sh"), values: [
            "pcppass": "\(conf)/pcppass", "pgpool_address": spec.address, "pcp_port": "\(LabPorts.pcp)",
            "pcp_user": credentials.pcpUser, "pg_bin_dir": Self.postgresBin,
        ], templateName: "pgpool/failover.sh")
        try write(failover, to: "\(conf)/failover.sh", mode: 0o700, owner: "postgres")
        let service = Inventory.Service(
            kind: .pgpool, user: "postgres", pid: nil, pidFile: layout.pidFile(name, .pgpool), logFile: layout.logFile(name, .pgpool),
            command: ["/usr/sbin/pgpool", "-n", "-D", "-f", "\(conf)/pgpool.conf", "-F", "\(conf)/pcp.conf", "-a", "\(conf)/pool_hba.conf"],
            environment: environment(name))
        return node(spec, ports: ["pgpool": LabPorts.pgpool, "pcp": LabPorts.pcp], services: [service])
    }

    private func pgpoolConf(_ spec: LabNodeSpec) throws(LabError) -> String {
        let backendTemplate = try infra.template("pgpool/backend.conf")
        var backends = ""
        for (index, member) in topology.nodes(.postgres).enumerated() {
            backends += try TemplateRenderer.render(backendTemplate, values: [
                "id": "\(index)", "address": member.address, "data_dir": layout.dataDirectory(member.name), "name": member.name,
            ], templateName: "pgpool/backend.conf")
        }
        return try TemplateRenderer.render(try infra.template("pgpool/pgpool.conf"), values: [
            "port": "\(LabPorts.pgpool)", "pcp_port": "\(LabPorts.pcp)", "run_dir": layout.runDirectory(spec.name),
            "backends": backends, "num_init_children": "32",
            "check_user": credentials.superuser, "check_password": credentials.superuserPassword,
            "search_primary_node_timeout": "\(profile.searchPrimaryNodeTimeout)",
            "health_check_period": "\(Int(profile.healthCheck.period))", "health_check_timeout": "\(Int(profile.healthCheck.timeout))",
            "health_check_max_retries": "\(profile.healthCheck.retries)", "health_check_retry_delay": "\(Int(profile.healthCheck.retryDelay))",
            "failover_script": "\(layout.configDirectory(spec.name))/failover.sh",
        ], templateName: "pgpool/pgpool.conf")
    }

    // MARK: helpers

    /// The minimal environment every service gets (`env -i` drops everything else).
    private func environment(_ name: String) -> [String: String] {
        ["PATH": "/usr/sbin:/usr/bin:/bin", "HOME": layout.nodeDirectory(name), "LANG": "C.UTF-8"]
    }

    private func node(_ spec: LabNodeSpec, ports: [String: Int], services: [Inventory.Service]) -> Inventory.Node {
        Inventory.Node(name: spec.name, kind: spec.kind, namespace: spec.namespace, address: spec.address,
                       hostInterface: spec.hostInterface, ports: ports, directory: layout.nodeDirectory(spec.name),
                       services: services)
    }

    private func makeNodeDirectories(_ name: String, owner: String, createData: Bool = true) throws(LabError) {
        let root = layout.nodeDirectory(name)
        try makeDirectory(root, mode: 0o700)
        var children = [layout.configDirectory(name), layout.runDirectory(name), layout.logDirectory(name)]
        // Patroni creates the PostgreSQL data directory itself (initdb / pg_basebackup want it absent or empty).
        if createData { children.append(layout.dataDirectory(name)) }
        for child in children { try makeDirectory(child, mode: 0o700) }
        do { try runner.output(["chown", "-R", "\(owner):\(owner)", root]) } catch {
            throw LabError("could not give \(root) to user \(owner): \(error)", hint: "run as root; check that user \(owner) exists (its package creates it)")
        }
    }

    private func makeDirectory(_ path: String, mode: Int) throws(LabError) {
        do {
            try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
            try FileManager.default.setAttributes([.posixPermissions: mode], ofItemAtPath: path)
        } catch {
            throw LabError("could not create directory \(path): \(error)", hint: "check the disk and that CHAOS_LAB_DIR is writable by root")
        }
    }

    private func write(_ content: String, to path: String, mode: Int, owner: String) throws(LabError) {
        do {
            try Data(content.utf8).write(to: URL(fileURLWithPath: path), options: .atomic)
            try FileManager.default.setAttributes([.posixPermissions: mode, .ownerAccountName: owner, .groupOwnerAccountName: owner],
                                                  ofItemAtPath: path)
        } catch {
            throw LabError("could not write \(path): \(error)", hint: "check the disk and permissions of the state directory")
        }
    }
}
