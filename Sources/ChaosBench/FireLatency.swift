// `ChaosBench fire`: how long a fault takes to fire and to heal on a platform — the time of
// `FaultInjector.inject` (roles read, dead-man's switch armed where the platform has them, journaled with
// fsync, applied) and of the heal, repeated, with median, p99 and max. Used for docs/benchmarks.md.
//
//   ChaosBench fire [--platform local|ssh] [--cluster FILE] [--count 30] [--kind isolate] [--target etcd_follower]

import ChaosKit
import Foundation

func fireLatency(_ options: [String: String]) {
    let count = Int(options["count"] ?? "30") ?? 30
    let kind = options["kind"] ?? "isolate"
    let target = options["target"] ?? "etcd_follower"
    let platform: any ClusterPlatform
    do { platform = try PlatformSelection.make(options["platform"], clusterFile: options["cluster"]) } catch { fail("\(error)") }
    let invocation: KindInvocation
    switch ScenarioLoader(capabilities: .detectLocalKernel()).faultInvocation(kind: kind, parameters: [("target", target)]) {
    case .success(let value): invocation = value
    case .failure(let failure): fail("\(failure.diagnostics.map(\.description).joined(separator: "; "))")
    }
    let injector: FaultInjector
    do { injector = try FaultInjector.forPlatform(platform, runID: "bench-fire") } catch { fail("\(error)") }
    var fires: [Double] = []
    var heals: [Double] = []
    for index in 0..<count {
        let start = ContinuousClock.now
        let fault: InjectedFault
        do { fault = try injector.inject(invocation, seed: UInt64(index)) } catch { fail("inject \(index): \(error)") }
        fires.append((ContinuousClock.now - start).timeInterval * 1000)
        usleep(500_000)
        let healStart = ContinuousClock.now
        let report = injector.heal(fault)
        heals.append((ContinuousClock.now - healStart).timeInterval * 1000)
        guard report.healed else { fail("heal \(index): \(report.failures)") }
        usleep(1_000_000)
    }
    func line(_ name: String, _ values: [Double]) -> String {
        let sorted = values.sorted()
        let p99 = sorted[min(sorted.count - 1, Int((Double(sorted.count) * 0.99).rounded(.up)) - 1)]
        return String(format: "%@ %@ (n=%d): median %.1f ms, p99 %.1f ms, max %.1f ms", name, kind, sorted.count, sorted[sorted.count / 2], p99, sorted.last ?? 0)
    }
    print("platform \(platform.kind.rawValue), \(kind) --target \(target)")
    print(line("fire", fires))
    print(line("heal", heals))
}
