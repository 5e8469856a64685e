// The dashboard without a cluster: node lanes from the observer's events, the screen's layout at any size, the
// sparkline, the web address, and the page with the document it is sent.

import Foundation
import Testing
@testable import ChaosKit

struct DashboardTests {
    static func event(_ seconds: Double, _ kind: ClusterEvent.Kind, _ member: String?, _ from: String? = nil, _ to: String? = nil,
                      source: String? = nil) -> ClusterEvent {
        ClusterEvent(timeNs: Int64(seconds * 1e9), kind: kind, source: source ?? "patroni:\(member ?? "")", member: member, from: from, to: to)
    }

    static let snapshot = DashboardSnapshot(
        title: "Primary crash", runID: "r", phase: "failover", elapsedSeconds: 12.34,
        nodes: [.init(name: "pg1", role: "primary", state: "unreachable", timeline: 2, lagBytes: nil, faults: ["kill-primary: kill pg1 (primary)"]),
                .init(name: "pg2", role: "replica", state: "running", timeline: 2, lagBytes: 2048, faults: [])],
        services: ["etcd 10.0.0.11:2379 up", "pgpool UNREACHABLE"],
        paths: [.init(name: "direct", acked: 500, failed: 40, okPerSecond: [50, 50, 0, 0], failedPerSecond: [0, 0, 30, 10],
                      outageSeconds: 2.5, longestOutageSeconds: 2.5, down: true)],
        faults: ["kill-primary: kill pg1 (primary)"], events: ["+1.3 s memberUnreachable pg1"], notes: ["+0.5 s note: go"], prompt: "run failover?")

    @Test func nodeLanesFollowTheObserversEvents() {
        let events = [
            Self.event(0, .memberReachable, "pg1"), Self.event(0, .roleChanged, "pg1", nil, "primary"), Self.event(0, .stateChanged, "pg1", nil, "running"),
            Self.event(0, .roleChanged, "pg2", nil, "replica"), Self.event(0, .timelineChanged, "pg2", nil, "2"),
            Self.event(1, .memberUnreachable, "pg1"), Self.event(2, .roleChanged, "pg2", "replica", "primary"),
            Self.event(0, .etcdReachable, "http://10.0.0.11:2379", source: "etcd:http://10.0.0.11:2379"),
            Self.event(0, .pgpoolReachable, nil, source: "pgpool"), Self.event(0, .pgpoolPrimaryChanged, nil, nil, "10.0.0.21:5432", source: "pgpool"),
        ]
        let nodes = DashboardFeed.nodes(from: events, lag: ["pg2": (timeNs: 9_000_000_000, bytes: 100), "pg1": (timeNs: 9_000_000_000, bytes: 5)],
                                        faults: ["kill-primary: kill pg1 (primary)", "partition pg10"], now: 10_000_000_000)
        #expect(nodes.map(\.name) == ["pg1", "pg2"])
        #expect(nodes[0].state == "unreachable" && nodes[0].role == "primary")
        #expect(nodes[0].faults == ["kill-primary: kill pg1 (primary)"], "pg10 is not pg1")
        #expect(nodes[0].lagBytes == nil, "a primary has no lag")
        #expect(nodes[1].role == "primary" && nodes[1].timeline == 2)
        let stale = DashboardFeed.nodes(from: events, lag: ["pg2": (timeNs: 0, bytes: 100)], faults: [], now: 10_000_000_000)
        #expect(stale[1].lagBytes == nil, "a reading older than 5 s is not shown")
        #expect(DashboardFeed.services(from: events) == ["etcd 10.0.0.11:2379 up", "pgpool up, primary 10.0.0.21:5432"])
    }

    @Test func theScreenFitsAnySize() {
        for (width, height) in [(200, 60), (80, 24), (40, 10), (20, 3)] {
            let lines = DashboardText.render(Self.snapshot, exercise: (1...100).map { "line \($0)" }, width: width, height: height)
            #expect(lines.count == height)
            #expect(lines.allSatisfy { $0.text.count <= width }, "\(width)x\(height)")
        }
        let tall = DashboardText.render(Self.snapshot, exercise: ["exercise-first", "exercise-last"], width: 160, height: 50)
        let text = tall.map(\.text)
        #expect(text.contains { $0.contains("DOWN 2.5 s") && $0.contains("failed 40") })
        #expect(tall.first { $0.text.contains("pg1") }?.style == .alert)
        #expect(text.contains { $0.contains("lag 2.0 kB") })
        #expect(text.contains("  kill-primary: kill pg1 (primary)"))
        let first = text.firstIndex { $0.contains("exercise-first") }, last = text.firstIndex { $0.contains("exercise-last") }
        #expect(first != nil && last != nil && first! < last!)
        // The room at the bottom shows the newest lines when they do not all fit.
        let short = DashboardText.render(Self.snapshot, exercise: (1...100).map { "line \($0)" }, width: 100, height: 30).map(\.text)
        #expect(short.last == "line 100")
    }

    @Test func theSparklineScalesToTheBusiestSecondAndMarksFailures() {
        #expect(DashboardText.sparkline(ok: [0, 1, 2, 4, 0], failed: [0, 0, 0, 0, 3]) == " ▂▄█×")
        #expect(DashboardText.sparkline(ok: [], failed: []) == "")
    }

    @Test func aWebAddressIsIPv4AndAPort() throws {
        #expect(try WebAddress(parsing: "127.0.0.1:8080") == WebAddress(host: "127.0.0.1", port: 8080))
        #expect(try WebAddress(parsing: "localhost:0").isLoopback)
        #expect(try !WebAddress(parsing: "10.1.2.3:80").isLoopback)
        for bad in ["8080", "127.0.0.1", "127.0.0.1:99999", "example.org:80", ":80", "127.0.0.1:x"] {
            #expect(throws: RunError.self, "\(bad)") { try WebAddress(parsing: bad) }
        }
    }

    @Test func thePageAnswersOnlyAtTheAddressItIsServedOn() throws {
        let loopback = try WebAddress(parsing: "127.0.0.1:8080")
        #expect(DashboardWebServer.allows(host: "127.0.0.1:8080", origin: nil, at: loopback))
        #expect(DashboardWebServer.allows(host: "localhost:8080", origin: "http://localhost:8080", at: loopback))
        #expect(!DashboardWebServer.allows(host: "127.0.0.1:8080", origin: "http://evil.example", at: loopback), "another site's page")
        #expect(!DashboardWebServer.allows(host: "rebound.example:8080", origin: nil, at: loopback), "a name rebound to loopback")
        #expect(!DashboardWebServer.allows(host: nil, origin: nil, at: loopback))
        let room = try WebAddress(parsing: "10.1.2.3:80")
        #expect(DashboardWebServer.allows(host: "10.1.2.3:80", origin: "http://10.1.2.3:80", at: room))
        #expect(!DashboardWebServer.allows(host: "localhost:80", origin: nil, at: room))
    }

    @Test func thePageReadsTheStateItIsSent() throws {
        // Served over HTTP by `chaos gameday --web` in its own process (the command-line and lab tests); here the
        // page and the document it is pushed.
        #expect(DashboardPage.html.contains("new WebSocket") && DashboardPage.html.contains("/live"))
        for key in ["elapsedSeconds", "nodes", "paths", "okPerSecond", "outageSeconds", "faults", "events", "notes", "prompt", "lagBytes"] {
            #expect(DashboardPage.html.contains("s.\(key)") || DashboardPage.html.contains("p.\(key)") || DashboardPage.html.contains("n.\(key)"),
                    "the page reads \(key)")
        }
        let json = DashboardWebServer.json(Self.snapshot)
        #expect(try JSONDecoder().decode(DashboardSnapshot.self, from: Data(json.utf8)) == Self.snapshot)
    }
}
