// ChaosBench: measures the writer's sustained throughput on one connection and the observer's real
// sampling interval. Used by scripts/bench-writer.sh and docs/benchmarks.md; not part of the `chaos` CLI.
//
//   ChaosBench writer --dsn DSN [--seconds 10] [--rate 0] [--path direct] [--fault-file PATH] [--reference 1]
//     --fault-file: a file holding the fault's wall-clock time in ns (written by scripts/crosscheck-rto.sh);
//     the bench maps it onto its monotonic clock and prints RTO, downtime and the max ack gap.
//   ChaosBench measure --direct h:p,h:p,… [--pgpool h:p] --user U --database D [--patroni … --etcd … --scope S
//                      --namespace N] [--seconds 60] [--rate 100] [--out DIR]
//     a baseline (no fault) or a game day with faults injected by hand: writers + observer, then the
//     results; the password comes from PGPASSWORD or ~/.pgpass as libpq reads them.
//   ChaosBench {writer|observer|measure} --lab /var/lib/chaos-lab/inventory.json …   (the local lab's endpoints)
//   ChaosBench labenv --lab INVENTORY [--path direct|pgpool] -- pgbench …   (libpq env incl. PGPASSWORD)
//   ChaosBench fire [--platform local|ssh] [--cluster FILE] [--count 30] [--kind isolate] [--target etcd_follower]
//     how long a fault takes to fire and to heal (FireLatency.swift).
//   ChaosBench observer --patroni pg1=http://…:8008,… --etcd http://…:2379,… --scope S [--namespace /service]
//                      [--pgpool-dsn DSN] [--seconds 30]

import ChaosKit
import Foundation

/// `--name value` pairs after the subcommand.
func options(_ arguments: ArraySlice<String>) -> [String: String] {
    var result: [String: String] = [:]
    var iterator = arguments.makeIterator()
    while let key = iterator.next() {
        guard key.hasPrefix("--"), let value = iterator.next() else {
            fail("expected --name value, got '\(key)'")
        }
        result[String(key.dropFirst(2))] = value
    }
    return result
}

func fail(_ message: String) -> Never {
    FileHandle.standardError.write(Data("ChaosBench: \(message)\n".utf8))
    exit(2)
}

func benchWriter(_ options: [String: String]) {
    let path = WritePath(rawValue: options["path"] ?? "direct") ?? .direct
    let labEndpoint = options["lab"].map { LabTargets(inventoryPath: $0).endpoint(for: path) }
    let labDSN = labEndpoint.map { PostgresDSN.make(path: path, endpoint: $0) }
    guard let dsn = options["dsn"] ?? labDSN else { fail("writer needs --dsn or --lab") }
    // --reference 1: the naive client a cross-check compares against — libpq's multi-host DSN, a new connection after
    // every failure at every tick, no CPU budget; otherwise chaos's own writer (a session per host on the lab's
    // direct path, reconnects within the budget).
    let reference = options["reference"] == "1"
    let seconds = Double(options["seconds"] ?? "10") ?? 10
    let rate = Double(options["rate"] ?? "0") ?? 0
    do {
        try Writer.prepareTable(dsn: dsn)
    } catch {
        fail("cannot create the table: \(error)")
    }
    let clock = MonotonicClock()
    let wallMinusMonotonic = wallClockNs() - clock.now()
    let log = OpLog()
    let runId = "bench-\(MonotonicClock.wallClockLabel())\(reference ? "-ref" : "")"
    var configuration = WriterConfiguration(path: path, dsn: dsn, runId: runId, rate: rate)
    if reference {
        configuration.reconnectCPUShare = 1_000
    } else if let labEndpoint, options["dsn"] == nil {
        configuration = WriterConfiguration(path: path, endpoint: labEndpoint, runId: runId, rate: rate)
    }
    let writer = Writer(configuration: configuration, clock: clock, log: log)
    // Warm up one second (connect, prepare), then count acks over the measured window.
    writer.start()
    MonotonicClock.sleep(nanoseconds: 1_000_000_000)
    let before = log.liveStatus(of: path).acked
    let startNs = clock.now()
    MonotonicClock.sleep(nanoseconds: Int64(seconds * 1e9))
    let after = log.liveStatus(of: path)
    let elapsed = Double(clock.now() - startNs) / 1e9
    writer.stop()
    let latencies = log.records.filter(\.isAck).map { Double($0.endNs - $0.startNs) / 1e6 }.sorted()
    let p50 = latencies.isEmpty ? 0 : latencies[latencies.count / 2]
    let p99 = latencies.isEmpty ? 0 : latencies[min(latencies.count - 1, Int(Double(latencies.count) * 0.99))]
    print(String(format: "acked_per_second=%.1f", Double(after.acked - before) / elapsed))
    print("failed=\(after.failed)")
    print(String(format: "latency_p50_ms=%.3f latency_p99_ms=%.3f", p50, p99))
    if let faultFile = options["fault-file"] {
        guard let text = try? String(contentsOfFile: faultFile, encoding: .utf8),
            let faultWallNs = Int64(text.trimmingCharacters(in: .whitespacesAndNewlines))
        else { fail("cannot read a wall-clock ns time from \(faultFile)") }
        let faultNs = faultWallNs - wallMinusMonotonic
        let availability = PathAvailability.evaluate(ops: log.records, path: path, faultNs: faultNs, windowEndNs: nil)
        let rto = availability.rtoNs.map { String(format: "%.3f", Double($0) / 1e9) } ?? "never"
        print("rto_s=\(rto) " + String(format: "downtime_s=%.3f max_gap_s=%.3f", Double(availability.downtimeNs) / 1e9,
            Double(availability.maxGapNs) / 1e9) + (availability.rtoResolutionNs.map { String(format: " resolution_s=%.3f", Double($0) / 1e9) } ?? ""))
        var usage = rusage()
        getrusage(RUSAGE_SELF.rawValue, &usage)
        let cpu = Double(usage.ru_utime.tv_sec + usage.ru_stime.tv_sec) + Double(usage.ru_utime.tv_usec + usage.ru_stime.tv_usec) / 1e6
        print(String(format: "process_cpu_s=%.2f", cpu))
    }
}

/// Wall-clock ns, only to map an external fault stamp onto the monotonic clock.
func wallClockNs() -> Int64 {
    var spec = timespec()
    clock_gettime(CLOCK_REALTIME, &spec)
    return Int64(spec.tv_sec) * 1_000_000_000 + Int64(spec.tv_nsec)
}

func benchObserver(_ options: [String: String]) {
    guard let targets = options["lab"].map({ LabTargets(inventoryPath: $0).observerTargets }) ?? observerTargets(options) else {
        fail("observer needs --lab, or --patroni, --etcd and --scope")
    }
    let seconds = Double(options["seconds"] ?? "30") ?? 30
    let observer = ClusterObserver(targets: targets, clock: MonotonicClock())
    observer.start()
    MonotonicClock.sleep(nanoseconds: Int64(seconds * 1e9))
    observer.stop()
    let stats = observer.samplingStats
    print("samples=\(stats.count)")
    print(String(format: "interval_p50_ms=%.1f interval_p99_ms=%.1f interval_max_ms=%.1f",
        Double(stats.p50Ns) / 1e6, Double(stats.p99Ns) / 1e6, Double(stats.maxNs) / 1e6))
    for event in observer.events {
        let time = String(format: "%.3f", Double(event.timeNs) / 1e9)
        print("event t=\(time)s \(event.kind.rawValue) \(event.member ?? event.source) \(event.from ?? "-") → \(event.to ?? "-")")
    }
}

func hostPorts(_ list: String) -> [HostPort] {
    list.split(separator: ",").map { item in
        let parts = item.split(separator: ":").map(String.init)
        guard parts.count == 2, let port = Int(parts[1]) else { fail("'\(item)' is not host:port") }
        return HostPort(host: parts[0], port: port)
    }
}

func observerTargets(_ options: [String: String]) -> ObserverTargets? {
    guard let patroniList = options["patroni"], let etcdList = options["etcd"], let scope = options["scope"] else { return nil }
    var patroni: [String: String] = [:]
    for pair in patroniList.split(separator: ",") {
        let parts = pair.split(separator: "=", maxSplits: 1).map(String.init)
        guard parts.count == 2 else { fail("--patroni wants name=url pairs") }
        patroni[parts[0]] = parts[1]
    }
    return ObserverTargets(
        patroni: patroni, etcd: etcdList.split(separator: ",").map(String.init), patroniScope: scope,
        patroniNamespace: options["namespace"] ?? "/service", pgpoolDSN: options["pgpool-dsn"])
}

func measure(_ options: [String: String]) {
    let rate = Double(options["rate"] ?? "100") ?? 100
    let seconds = Double(options["seconds"] ?? "60") ?? 60
    let runId = "measure-\(MonotonicClock.wallClockLabel())"
    let lab = options["lab"].map(LabTargets.init(inventoryPath:))
    let directEndpoint: WriterEndpoint
    var pgpoolEndpoint: WriterEndpoint?
    if let lab {
        directEndpoint = lab.endpoint(for: .direct)
        pgpoolEndpoint = lab.endpoint(for: .pgpool)
    } else {
        guard let direct = options["direct"], let user = options["user"], let database = options["database"] else {
            fail("measure needs --lab, or --direct, --user and --database")
        }
        directEndpoint = WriterEndpoint(hosts: hostPorts(direct), user: user, database: database)
        pgpoolEndpoint = options["pgpool"].map { WriterEndpoint(hosts: hostPorts($0), user: user, database: database) }
    }
    var writers = [WriterConfiguration(path: .direct, endpoint: directEndpoint, runId: runId, rate: rate)]
    if let pgpoolEndpoint {
        writers.append(WriterConfiguration(path: .pgpool, endpoint: pgpoolEndpoint, runId: runId, rate: rate))
    }
    let targets = lab?.observerTargets ?? observerTargets(options)
    let session = MeasurementSession(runId: runId, writers: writers, observerTargets: targets)
    do {
        try session.start()
    } catch {
        fail("cannot start: \(error)")
    }
    MonotonicClock.sleep(nanoseconds: Int64(seconds * 1e9))
    session.stop()
    let addresses = MeasurementHistory.memberAddresses(fromPatroniURLs: targets?.patroni ?? [:])
    let (history, readBackError) = session.history(
        readBackDSN: PostgresDSN.make(path: .direct, endpoint: directEndpoint), memberAddresses: addresses)
    if let readBackError { FileHandle.standardError.write(Data("rows not read back: \(readBackError)\n".utf8)) }
    let results = MeasurementResults.evaluate(history)
    for metric in MetricCatalog.all where metric.scope == .result {
        print("\(metric.name) = \(results.value(of: metric.name)?.description ?? "unknown")")
    }
    guard let out = options["out"] else { return }
    do {
        try FileManager.default.createDirectory(atPath: out, withIntermediateDirectories: true)
        try session.opLog.writeCSV(to: URL(fileURLWithPath: "\(out)/ops.csv"))
        try ClusterEvent.csv(history.events).write(toFile: "\(out)/events.csv", atomically: true, encoding: .utf8)
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        try encoder.encode(results).write(to: URL(fileURLWithPath: "\(out)/results.json"))
    } catch {
        fail("cannot write to \(out): \(error)")
    }
}

/// Runs a command with the lab's libpq environment for a path (`labenv --lab INV [--path P] -- cmd …`).
func labEnvironment(_ arguments: ArraySlice<String>) -> Never {
    guard let separator = arguments.firstIndex(of: "--"), separator + 1 < arguments.endIndex else {
        fail("usage: labenv --lab INVENTORY [--path direct|pgpool] -- command …")
    }
    let settings = options(arguments[arguments.startIndex..<separator])
    guard let inventory = settings["lab"] else { fail("labenv needs --lab") }
    let path = WritePath(rawValue: settings["path"] ?? "direct") ?? .direct
    for (key, value) in LabTargets(inventoryPath: inventory).libpqEnvironment(for: path) { setenv(key, value, 1) }
    let command = Array(arguments[(separator + 1)...])
    var cArguments: [UnsafeMutablePointer<CChar>?] = command.map { strdup($0) } + [nil]
    execvp(command[0], &cArguments)
    fail("cannot run \(command[0]): errno \(errno)")
}

let arguments = CommandLine.arguments.dropFirst()
switch arguments.first {
case "writer": benchWriter(options(arguments.dropFirst()))
case "observer": benchObserver(options(arguments.dropFirst()))
case "measure": measure(options(arguments.dropFirst()))
case "labenv": labEnvironment(arguments.dropFirst())
case "fire": fireLatency(options(arguments.dropFirst()))
default: fail("usage: ChaosBench writer --dsn DSN [--seconds N] [--rate R] | observer --patroni … --etcd … --scope S")
}
