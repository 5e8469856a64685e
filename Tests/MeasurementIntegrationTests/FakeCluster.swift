// A single-member etcd and fake Patroni REST endpoints on loopback, to drive the observer through a failover.

import ChaosKit
import Foundation

/// A throwaway etcd on loopback plus fake Patroni members whose answers the test rewrites.
final class FakeCluster: @unchecked Sendable {
    static var available: Bool {
        FileManager.default.isExecutableFile(atPath: "/usr/bin/etcd") && FileManager.default.isExecutableFile(atPath: "/usr/bin/python3")
    }

    let directory = NSTemporaryDirectory() + "chaos-observe-\(UUID().uuidString.prefix(8))"
    let etcdPort = Int.random(in: 23_000..<23_500)
    private var etcd: ChildProcess?
    private var members: [String: (port: Int, process: ChildProcess?)] = [:]

    /// The etcd client URL.
    var etcdURL: String { "http://127.0.0.1:\(etcdPort)" }

    /// A fake Patroni that answers `GET /patroni` and `/history` with files the test writes.
    static let patroniScript = """
        import http.server, sys, os
        state_dir, name, port = sys.argv[1], sys.argv[2], int(sys.argv[3])
        class Handler(http.server.BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"
            def do_GET(self):
                path = os.path.join(state_dir, name + (".history" if self.path == "/history" else ".json"))
                with open(path, "rb") as f:
                    body = f.read()
                self.send_response(200)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)
            def log_message(self, *args):
                pass
        http.server.ThreadingHTTPServer(("127.0.0.1", port), Handler).serve_forever()
        """

    init() throws {
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        try FakeCluster.patroniScript.write(toFile: "\(directory)/patroni.py", atomically: true, encoding: .utf8)
        let peer = "http://127.0.0.1:\(etcdPort + 500)"
        etcd = try ChildProcess.spawn([
            "/usr/bin/etcd", "--name", "t", "--data-dir", "\(directory)/etcd", "--listen-client-urls", etcdURL,
            "--advertise-client-urls", etcdURL, "--listen-peer-urls", peer, "--initial-advertise-peer-urls", peer,
            "--initial-cluster", "t=\(peer)",
        ])
        let http = HTTPClient(timeoutMs: 500, connectTimeoutMs: 200)
        for _ in 0..<100 {
            if (try? EtcdClient(baseURL: etcdURL, http: http).status()) != nil { return }
            MonotonicClock.sleep(nanoseconds: 100_000_000)
        }
        throw LocalPostgresError(message: "etcd did not start on \(etcdURL)")
    }

    /// Sets what member `name` answers, and starts it when it is not running.
    func setMember(_ name: String, role: String, state: String = "running", timeline: Int, history: String = "[]") throws {
        let json = "{\"state\": \"\(state)\", \"role\": \"\(role)\", \"timeline\": \(timeline), \"patroni\": {\"scope\": \"chaos\"}}"
        try json.write(toFile: "\(directory)/\(name).json", atomically: true, encoding: .utf8)
        try history.write(toFile: "\(directory)/\(name).history", atomically: true, encoding: .utf8)
        let port = members[name]?.port ?? Int.random(in: 24_000..<25_000)
        if members[name]?.process == nil {
            let process = try ChildProcess.spawn(["/usr/bin/python3", "\(directory)/patroni.py", directory, name, String(port)])
            members[name] = (port, process)
            let http = HTTPClient(timeoutMs: 500, connectTimeoutMs: 200)
            for _ in 0..<50 where (try? http.get(url(of: name))) == nil {
                MonotonicClock.sleep(nanoseconds: 100_000_000)
            }
        }
    }

    /// Kills member `name`'s REST endpoint (it becomes unreachable).
    func killMember(_ name: String) {
        members[name]?.process?.kill()
        if let port = members[name]?.port { members[name] = (port, nil) }
    }

    /// The REST base URL of a member.
    func url(of name: String) -> String { "http://127.0.0.1:\(members[name]?.port ?? 0)" }

    /// Writes or deletes Patroni's leader key through the etcd gateway.
    func setLeaderKey(_ holder: String?) throws {
        let http = HTTPClient(timeoutMs: 1_000, connectTimeoutMs: 500)
        let key = Data("/service/chaos/leader".utf8).base64EncodedString()
        if let holder {
            let value = Data(holder.utf8).base64EncodedString()
            _ = try http.post("\(etcdURL)/v3/kv/put", json: "{\"key\":\"\(key)\",\"value\":\"\(value)\"}")
        } else {
            _ = try http.post("\(etcdURL)/v3/kv/deleterange", json: "{\"key\":\"\(key)\"}")
        }
    }

    /// Stops everything and removes the files.
    func destroy() {
        for name in members.keys { killMember(name) }
        etcd?.kill()
        try? FileManager.default.removeItem(atPath: directory)
    }
}
