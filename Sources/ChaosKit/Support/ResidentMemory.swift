// The process's own resident memory, read from /proc/self/status, and a sampler that records it over a long run
// (a soak's memory over time goes into soak.json).

import Foundation

/// One reading of this process's resident memory.
public struct MemoryReading: Codable, Sendable, Equatable {
    /// Seconds since the sampler started.
    public var seconds: Double
    /// Resident set size (`VmRSS`), in bytes.
    public var residentBytes: Int64
}

/// Reads and samples this process's resident memory.
public final class ResidentMemory: Sendable {
    private let readings = Locked([MemoryReading]())
    private let stopFlag = StopFlag()
    private let intervalNs: Int64

    /// A sampler reading every `intervalNs` (nothing runs until ``start()``).
    public init(intervalNs: Int64 = 10_000_000_000) { self.intervalNs = max(100_000_000, intervalNs) }

    /// `VmRSS` of this process in bytes, nil where /proc cannot say.
    public static func current() -> Int64? {
        guard let text = ProcFile.text("/proc/self/status") else { return nil }
        for line in text.split(separator: "\n") where line.hasPrefix("VmRSS:") {
            let fields = line.split(separator: " ", omittingEmptySubsequences: true)
            guard fields.count >= 2, let kilobytes = Int64(fields[1]) else { return nil }
            return kilobytes * 1024
        }
        return nil
    }

    /// Starts reading on its own thread: once now, then every interval, and once more when stopped.
    public func start() {
        let origin = MonotonicClock()
        stopFlag.workerStarted()
        let thread = Thread { [self] in
            func read() {
                guard let bytes = ResidentMemory.current() else { return }
                readings.withLock { $0.append(MemoryReading(seconds: Double(origin.now()) / 1e9, residentBytes: bytes)) }
            }
            repeat { read() } while !stopFlag.sleep(nanoseconds: intervalNs)
            read()
            stopFlag.workerFinished()
        }
        thread.name = "chaos-memory"
        thread.start()
    }

    /// Stops reading (one last reading is taken) and returns every reading.
    public func stop() -> [MemoryReading] {
        stopFlag.stopAndWait(timeoutSeconds: 5)
        return readings.withLock { $0 }
    }
}
