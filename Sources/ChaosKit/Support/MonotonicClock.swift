// Monotonic time for measurements: nanoseconds since a run's start, never affected by wall-clock steps.

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Nanoseconds since a fixed origin on `CLOCK_MONOTONIC`. Every measured instant in a run uses one clock.
///
/// Wall-clock time is for labels only (see ``wallClockLabel()``); it must never enter a measurement.
public struct MonotonicClock: Sendable {
    /// The absolute `CLOCK_MONOTONIC` reading, in nanoseconds, that this clock calls zero.
    public let originNs: Int64

    /// Creates a clock whose zero is now.
    public init() { originNs = MonotonicClock.absoluteNow() }

    /// Creates a clock with a given origin (absolute monotonic nanoseconds); for tests and shared clocks.
    public init(originNs: Int64) { self.originNs = originNs }

    /// Nanoseconds elapsed since the origin.
    public func now() -> Int64 { MonotonicClock.absoluteNow() - originNs }

    /// The raw `CLOCK_MONOTONIC` reading in nanoseconds.
    public static func absoluteNow() -> Int64 {
        var spec = timespec()
        clock_gettime(CLOCK_MONOTONIC, &spec)
        return Int64(spec.tv_sec) * 1_000_000_000 + Int64(spec.tv_nsec)
    }

    /// Sleeps the calling thread until the clock reads `deadlineNs` (returns at once if it has passed).
    public func sleep(untilNs deadlineNs: Int64) {
        let remaining = deadlineNs - now()
        MonotonicClock.sleep(nanoseconds: remaining)
    }

    /// Blocks the calling thread for a number of nanoseconds; never call from the cooperative pool.
    public static func sleep(nanoseconds: Int64) {
        guard nanoseconds > 0 else { return }
        var request = timespec(tv_sec: Int(nanoseconds / 1_000_000_000), tv_nsec: Int(nanoseconds % 1_000_000_000))
        var remainder = timespec()
        while nanosleep(&request, &remainder) != 0 && errno == EINTR {
            request = remainder
        }
    }

    /// How many decimals of a second a wall-clock label has.
    public enum LabelPrecision: Sendable {
        /// `.123Z`.
        case milliseconds
        /// `.123456Z`.
        case microseconds
    }

    /// The current UTC wall-clock time in ISO 8601, for labelling artifacts only.
    public static func wallClockLabel(precision: LabelPrecision = .milliseconds) -> String {
        var spec = timespec()
        clock_gettime(CLOCK_REALTIME, &spec)
        var seconds = time_t(spec.tv_sec)
        var parts = tm()
        gmtime_r(&seconds, &parts)
        let fraction = precision == .milliseconds ? (Int32(spec.tv_nsec / 1_000_000), 3) : (Int32(spec.tv_nsec / 1_000), 6)
        func pad(_ value: Int32, _ width: Int) -> String {
            let text = String(value)
            return String(repeating: "0", count: max(0, width - text.count)) + text
        }
        return "\(pad(parts.tm_year + 1900, 4))-\(pad(parts.tm_mon + 1, 2))-\(pad(parts.tm_mday, 2))T"
            + "\(pad(parts.tm_hour, 2)):\(pad(parts.tm_min, 2)):\(pad(parts.tm_sec, 2)).\(pad(fraction.0, fraction.1))Z"
    }
}
