// Reading and signalling processes by PID: liveness from /proc/PID/stat (PID 1 here reaps orphans late,
// so a zombie must count as dead), children, and a TERM-then-KILL stop. Never looks processes up by name.

import Foundation

/// Process facts and signals, by PID only.
public enum ProcessTable {
    /// The one-letter state from `/proc/PID/stat` (`R`, `S`, `D`, `T`, `Z`, …), or nil when there is no such process.
    public static func state(of pid: Int32) -> Character? {
        guard let fields = statFields(pid), let state = fields.first?.first else { return nil }
        return state
    }

    /// Whether the process exists and is not a zombie (or dead). A zombie child of ours is reaped on the way.
    public static func isAlive(_ pid: Int32) -> Bool {
        guard pid > 0, let state = state(of: pid) else { return false }
        let alive = state != "Z" && state != "X" && state != "x"
        if !alive { reap(pid) }
        return alive
    }

    /// Whether the process is stopped (SIGSTOP).
    public static func isStopped(_ pid: Int32) -> Bool {
        guard let state = state(of: pid) else { return false }
        return state == "T" || state == "t"
    }

    /// The parent PID.
    public static func parent(of pid: Int32) -> Int32? {
        guard let fields = statFields(pid), fields.count > 1 else { return nil }
        return Int32(fields[1])
    }

    /// The process and all its live descendants (children first found by scanning /proc).
    public static func tree(of root: Int32) -> [Int32] {
        var parents: [Int32: [Int32]] = [:]
        for pid in allPIDs() {
            if let parent = parent(of: pid) { parents[parent, default: []].append(pid) }
        }
        var result: [Int32] = []
        var queue = [root]
        while let pid = queue.popLast() {
            guard isAlive(pid) else { continue }
            result.append(pid)
            queue += parents[pid] ?? []
        }
        return result
    }

    /// Every PID in /proc.
    public static func allPIDs() -> [Int32] {
        ((try? FileManager.default.contentsOfDirectory(atPath: "/proc")) ?? []).compactMap { Int32($0) }
    }

    /// Sends a signal; returns false when the process does not exist.
    @discardableResult
    public static func send(_ signal: Int32, to pid: Int32) -> Bool {
        guard pid > 0 else { return false }
        let sent = kill(pid, signal) == 0
        reap(pid)
        return sent
    }

    /// Collects the exit status of a child of ours (no-op for others), so it does not stay a zombie.
    public static func reap(_ pid: Int32) {
        var status: Int32 = 0
        _ = waitpid(pid, &status, WNOHANG)
    }

    /// Waits until none of `pids` is alive, up to `timeout`; returns the ones still alive.
    public static func waitForExit(_ pids: [Int32], timeout: Duration) -> [Int32] {
        let deadline = ContinuousClock.now + timeout
        var alive = pids.filter(isAlive)
        while !alive.isEmpty, ContinuousClock.now < deadline {
            usleep(50_000)
            for pid in alive { reap(pid) }
            alive = alive.filter(isAlive)
        }
        return alive
    }

    /// Stops processes: SIGCONT (a paused process cannot exit), SIGTERM, wait up to `grace`, then SIGKILL
    /// the survivors and wait for them. Returns the PIDs that were still alive after SIGKILL.
    @discardableResult
    public static func terminate(_ pids: [Int32], grace: Duration) -> [Int32] {
        let alive = pids.filter(isAlive)
        guard !alive.isEmpty else { return [] }
        for pid in alive {
            send(SIGCONT, to: pid)
            send(SIGTERM, to: pid)
        }
        let survivors = waitForExit(alive, timeout: grace)
        for pid in survivors { send(SIGKILL, to: pid) }
        return waitForExit(survivors, timeout: .seconds(5))
    }

    /// When the process started: `/proc/PID/stat` field 22, in clock ticks since boot; nil when it is gone.
    /// With the PID it names one process for good: a reused PID has a later start time.
    public static func startTime(of pid: Int32) -> UInt64? {
        guard pid > 0, let fields = statFields(pid), fields.count > 19 else { return nil }
        return UInt64(fields[19])
    }

    /// When the process started, in seconds since the Unix epoch (boot time from /proc/stat plus field 22).
    public static func startEpochSeconds(of pid: Int32) -> Double? {
        guard let ticks = startTime(of: pid),
              let stat = try? String(contentsOfFile: "/proc/stat", encoding: .utf8),
              let line = stat.split(separator: "\n").first(where: { $0.hasPrefix("btime ") }),
              let boot = Double(line.dropFirst(6).trimmingCharacters(in: .whitespaces)) else { return nil }
        return boot + Double(ticks) / Double(sysconf(Int32(_SC_CLK_TCK)))
    }

    /// The fields of /proc/PID/stat after the command name (state, ppid, …).
    private static func statFields(_ pid: Int32) -> [Substring]? {
        guard let text = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8),
              let close = text.lastIndex(of: ")") else { return nil }
        return text[text.index(after: close)...].split(separator: " ")
    }
}

extension ProcessTable {
    /// The process's command line (argv), or empty when it is gone.
    public static func commandLine(of pid: Int32) -> [String] {
        guard let data = FileManager.default.contents(atPath: "/proc/\(pid)/cmdline") else { return [] }
        return data.split(separator: 0).map { String(decoding: $0, as: UTF8.self) }
    }

    /// The process in network namespace `namespace` (a name under /run/netns) whose command line is `command`,
    /// or is `command` run by its interpreter (`python3 /usr/bin/patroni …`); nil when there is none.
    public static func find(command: [String], inNetworkNamespace namespace: String) -> Int32? {
        var target = stat()
        guard !command.isEmpty, stat("/run/netns/\(namespace)", &target) == 0,
              let entries = try? FileManager.default.contentsOfDirectory(atPath: "/proc") else { return nil }
        for entry in entries {
            guard let pid = Int32(entry) else { continue }
            var own = stat()
            guard stat("/proc/\(pid)/ns/net", &own) == 0, own.st_ino == target.st_ino, own.st_dev == target.st_dev else { continue }
            let line = commandLine(of: pid)
            if line == command || (line.count == command.count + 1 && Array(line.dropFirst()) == command) { return pid }
        }
        return nil
    }
}
