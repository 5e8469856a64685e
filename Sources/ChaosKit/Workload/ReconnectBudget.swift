// How often a writer or reader may open a connection while its path is down: as often as its schedule ticks
// while a connection attempt is cheap (refused, or a server that fails before authentication), and no more than
// a CPU budget allows when each attempt costs an authentication (SCRAM-SHA-256 costs the client ~8 ms of CPU).

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A token bucket of the calling thread's CPU time spent opening connections.
///
/// Tokens are CPU nanoseconds; they refill at `share` of a core and hold at most `capacityNs`. Each connection
/// attempt is charged the thread CPU time it took. A connection may be opened while tokens are left, so a
/// burst of handshakes goes out at the schedule's rate, and a long outage of expensive attempts settles at
/// `share` of a core. Use from one thread only.
struct ReconnectBudget {
    /// The share of one core connection attempts may take over time.
    var share: Double
    /// The most CPU time a burst of attempts may take.
    var capacityNs: Int64
    private var tokensNs: Double
    private var lastRefillNs: Int64?

    /// Writers' and readers' default: 2.5 % of a core, bursts of 50 ms (about six SCRAM handshakes).
    static let standard = ReconnectBudget(share: 0.025, capacityNs: 50_000_000)

    /// A full bucket.
    init(share: Double, capacityNs: Int64) {
        self.share = share
        self.capacityNs = capacityNs
        tokensNs = Double(capacityNs)
    }

    /// Whether a connection may be opened at monotonic time `nowNs`.
    mutating func allows(atNs nowNs: Int64) -> Bool {
        refill(atNs: nowNs)
        return tokensNs > 0
    }

    /// Charges one attempt's CPU time.
    mutating func charge(cpuNs: Int64, atNs nowNs: Int64) {
        refill(atNs: nowNs)
        tokensNs -= Double(max(0, cpuNs))
    }

    private mutating func refill(atNs nowNs: Int64) {
        if let last = lastRefillNs, nowNs > last {
            tokensNs = min(Double(capacityNs), tokensNs + Double(nowNs - last) * share)
        }
        lastRefillNs = max(lastRefillNs ?? nowNs, nowNs)
    }

    /// CPU time the calling thread has used, in nanoseconds.
    static func threadCPUNs() -> Int64 {
        var spec = timespec()
        clock_gettime(CLOCK_THREAD_CPUTIME_ID, &spec)
        return Int64(spec.tv_sec) * 1_000_000_000 + Int64(spec.tv_nsec)
    }
}
