// Runs probes (steady state and method): Patroni, PgPool-II and etcd health from the lab's status, SQL
// through either path, HTTP, Prometheus text, PromQL and shell commands. Each returns whether it held and what it saw.

import Foundation

/// The outcome of one probe.
public struct ProbeOutcome: Sendable {
    /// Whether the tolerance held.
    public var held: Bool
    /// What was seen, in words.
    public var detail: String
}

/// Runs probes against the lab.
struct ProbeRunner: Sendable {
    let platform: any ClusterPlatform
    let endpoints: RunEndpoints
    /// Whether the run is aborting: a shell probe still running is then killed (polled every 100 ms).
    var cancelled: @Sendable () -> Bool = { false }

    func run(_ probe: KindInvocation) -> ProbeOutcome {
        let p = probe.parameters
        switch probe.kind {
        case "patroni":
            let status = platform.status()
            let pg = status.nodes.filter { $0.kind == .postgres }
            let leaders = pg.filter { $0.role == "leader" }.count
            let running = pg.filter { ["running", "streaming"].contains($0.state) }.count
            let maxLag = pg.compactMap(\.lagBytes).max() ?? 0
            var held = leaders == (p["leaders"]?.integerValue ?? 1) && running >= (p["running"]?.integerValue ?? 3)
            if let bound = p["max_lag_bytes"]?.integerValue { held = held && maxLag <= bound }
            return ProbeOutcome(held: held, detail: "leaders \(leaders), running \(running), max lag \(maxLag) B")
        case "pgpool":
            let status = platform.status()
            let backends = status.nodes.filter { $0.kind == .postgres }
            let up = backends.filter { ($0.pgpool ?? "").hasPrefix("up") || ($0.pgpool ?? "").hasPrefix("waiting") }.count
            var held = up >= (p["nodes_up"]?.integerValue ?? 3)
            var detail = "backends up \(up)"
            if let wanted = p["primary"]?.targetValue {
                let primary = backends.first { ($0.pgpool ?? "").hasSuffix("primary") }?.name
                let expected: String? = {
                    if case .member(let name) = wanted.role { return name }
                    return status.leader
                }()
                held = held && primary != nil && primary == expected
                detail += ", primary \(primary ?? "none")"
            }
            return ProbeOutcome(held: held, detail: detail)
        case "etcd":
            let status = platform.status()
            let members = status.nodes.filter { $0.kind == .etcd && ($0.role == "leader" || $0.role == "follower") }.count
            return ProbeOutcome(held: members >= (p["healthy_members"]?.integerValue ?? 3), detail: "etcd members answering \(members)")
        case "sql":
            let path = WritePath(rawValue: p["path"]?.stringValue ?? "direct") ?? .direct
            let expected = p["expect"]?.stringValue ?? ""
            do {
                let connection = try PostgresConnection.connect(dsn: endpoints.dsn(for: path))
                let rows = try connection.execute(p["query"]?.stringValue ?? "select 1")
                let value = rows.rows.first?.first ?? nil
                return ProbeOutcome(held: value == expected, detail: "got \(value ?? "NULL"), expected \(expected)")
            } catch {
                return ProbeOutcome(held: false, detail: "query failed: \(error)")
            }
        case "http":
            let result = platform.runner.run(
                ["curl", "-s", "--max-time", "5", "-o", "/dev/stdout", "-w", "\n%{http_code}"] + ProbeURL.curlArguments(p["url"]?.stringValue ?? ""), timeout: .seconds(8))
            let lines = result.standardOutput.split(separator: "\n", omittingEmptySubsequences: false)
            let code = Int(lines.last ?? "") ?? 0
            var held = code == (p["status"]?.integerValue ?? 200)
            if let text = p["contains"]?.stringValue { held = held && result.standardOutput.contains(text) }
            return ProbeOutcome(held: held, detail: "HTTP \(code)")
        case "prometheus":
            return PrometheusProbe.check(
                url: p["url"]?.stringValue ?? "", series: p["metric"]?.stringValue ?? "",
                min: p["min"]?.numberValue, max: p["max"]?.numberValue)
        case "promql":
            guard let prometheus = p["url"]?.stringValue ?? endpoints.prometheusURL else {
                return ProbeOutcome(held: false, detail: "no Prometheus: start the lab's with `chaos lab up --monitoring`, or give the probe a url")
            }
            let bounds = PromQLBounds(min: p["min"]?.numberValue, max: p["max"]?.numberValue, equals: p["equals"]?.numberValue,
                                      tolerance: p["tolerance"]?.numberValue ?? 0)
            return PromQLProbe.check(prometheus: prometheus, query: p["query"]?.stringValue ?? "", bounds: bounds)
        case "shell":
            let result = platform.runner.run(["/bin/sh", "-c", p["command"]?.stringValue ?? "true"], timeout: .seconds(60), cancelled: cancelled)
            let expected = Int32(p["exit_code"]?.integerValue ?? 0)
            return ProbeOutcome(held: result.status == expected, detail: "exit \(result.status), expected \(expected)")
        default:
            return ProbeOutcome(held: false, detail: "probe kind \(probe.kind) is not implemented")
        }
    }
}
