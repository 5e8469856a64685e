// The observer against a real etcd and fake Patroni members: a scripted failover produces the events,
// layers and sampling rate the checks rely on, and a black-holed member does not slow the others.

import ChaosKit
import Foundation
import Testing

@Suite(.serialized) struct ObserverIntegrationTests {
    @Test(.enabled(if: FakeCluster.available, "needs /usr/bin/etcd and python3"))
    func scriptedFailoverIsObserved() async throws {
        let cluster = try FakeCluster()
        defer { cluster.destroy() }
        try cluster.setMember("pg1", role: "master", timeline: 1)
        try cluster.setMember("pg2", role: "replica", timeline: 1)
        try cluster.setLeaderKey("pg1")

        let clock = MonotonicClock()
        // A member that accepts connections on loopback and never answers: a black hole that stays on this machine.
        let silent = try SilentListener()
        defer { silent.close() }
        let targets = ObserverTargets(
            patroni: ["pg1": cluster.url(of: "pg1"), "pg2": cluster.url(of: "pg2"), "pg3": "http://127.0.0.1:\(silent.port)"],
            etcd: [cluster.etcdURL], patroniScope: "chaos")
        let observer = ClusterObserver(targets: targets, clock: clock)
        observer.start()
        try await Task.sleep(nanoseconds: 1_000_000_000)
        #expect(observer.currentLeaders == 1)

        let faultNs = clock.now()
        cluster.killMember("pg1")
        try await Task.sleep(nanoseconds: 500_000_000)
        try cluster.setLeaderKey(nil)
        try await Task.sleep(nanoseconds: 500_000_000)
        try cluster.setLeaderKey("pg2")
        try cluster.setMember("pg2", role: "master", timeline: 2, history: "[[1, 25165984, \"no recovery target specified\"]]")
        try await Task.sleep(nanoseconds: 1_000_000_000)
        try cluster.setMember("pg1", role: "replica", timeline: 2)
        try await Task.sleep(nanoseconds: 1_000_000_000)
        let history = observer.timelineHistory()
        observer.stop()

        let events = observer.events
        func saw(_ kind: ClusterEvent.Kind, _ member: String?, _ from: String?, _ to: String?) -> Bool {
            events.contains { $0.kind == kind && $0.member == member && $0.from == from && $0.to == to && $0.timeNs > faultNs }
        }
        #expect(events.contains { $0.kind == .memberUnreachable && $0.member == "pg3" })
        #expect(events.contains { $0.kind == .memberUnreachable && $0.member == "pg1" && $0.timeNs > faultNs })
        #expect(saw(.leaderKeyChanged, nil, "pg1", nil))
        #expect(saw(.leaderKeyChanged, nil, nil, "pg2"))
        #expect(saw(.roleChanged, "pg2", "replica", "primary"))
        #expect(saw(.timelineChanged, "pg2", "1", "2"))
        #expect(saw(.roleChanged, "pg1", "primary", "replica"))
        #expect(history == [TimelineSwitch(timeline: 1, switchPosition: WALPosition(25_165_984))])

        let results = MeasurementResults.evaluate(MeasurementHistory(ops: [], events: events, faultNs: faultNs))
        #expect(results.failovers == 1)
        #expect(results.layers.oldPrimary == "pg1" && results.layers.newPrimary == "pg2")
        let keyChanged = try #require(results.layers.leaderKeyChangedNs)
        // Order and rough size only: the scripted steps sleep 0.5 s apart, and a loaded 2-core machine stretches them
        // (in CI the lab tests run beside this one: a promotion took over 6 s once), so the upper bounds only catch
        // a layer that is absurdly late.
        #expect(keyChanged > 400_000_000 && keyChanged < 30_000_000_000)
        let promotion = try #require(results.layers.promotionNs)
        #expect(promotion > keyChanged && promotion < 30_000_000_000)
        #expect(results.oldPrimaryRejoined.holds)

        // The healthy sources keep their 10 Hz schedule although pg3 is black-holed.
        var healthy = observer.sampleCompletions
        healthy["patroni:pg3"] = nil
        let stats = SamplingStats.summarize(healthy)
        #expect(stats.count > 100)
        #expect(stats.p99Ns < 200_000_000, "p99 sampling interval \(stats.p99Ns / 1_000_000) ms")
    }
}

/// A TCP listener on 127.0.0.1 that never accepts: the kernel completes handshakes into its backlog and no
/// byte ever comes back, so an HTTP poll of it times out like a black-holed host.
final class SilentListener {
    private let descriptor: Int32
    let port: Int

    init() throws {
        let descriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        self.descriptor = descriptor
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        address.sin_port = 0
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(descriptor, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard bound == 0, listen(descriptor, 64) == 0 else {
            Glibc.close(descriptor)
            throw POSIXError(.EADDRINUSE)
        }
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        _ = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(descriptor, $0, &length) }
        }
        port = Int(UInt16(bigEndian: address.sin_port))
    }

    func close() { Glibc.close(descriptor) }
}
