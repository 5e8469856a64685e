// One measurement at a time per cluster: a run, a suite's run or a bench holds an exclusive, non-blocking flock
// on `/run/lock/chaos<state directory with / as _>.lock` (the state directory may not exist yet: the lab starts
// on demand after the lock is taken). Two runs at once would each see the other's faults as their own outage (and
// restart each other's killed services). The kernel drops the lock when the holder dies, so a crash never
// leaves the cluster locked. `chaos fault inject` by hand does not take it: injecting beside a run is a game day.

import Foundation

/// An exclusive hold on one cluster's measurements, released by ``release()`` or when the process ends.
public final class RunLock: @unchecked Sendable {
    private var descriptor: Int32

    private init(descriptor: Int32) { self.descriptor = descriptor }

    deinit { release() }

    /// Takes the lock for `holder` (e.g. `run primary-kill`), or says who holds it.
    public static func acquire(stateDirectory: String, holder: String) throws(RunError) -> RunLock {
        let path = lockPath(stateDirectory: stateDirectory)
        let descriptor = open(path, O_CREAT | O_RDWR | O_CLOEXEC, 0o644)
        guard descriptor >= 0 else {
            throw RunError("cannot open \(path): \(String(cString: strerror(errno)))",
                           hint: "run chaos as root, or point the platform at a state directory you can write")
        }
        var result: Int32
        repeat { result = flock(descriptor, LOCK_EX | LOCK_NB) } while result != 0 && errno == EINTR
        guard result == 0 else {
            let other = (try? String(contentsOfFile: path, encoding: .utf8))?.trimmingCharacters(in: .whitespacesAndNewlines) ?? ""
            close(descriptor)
            throw RunError(
                "another chaos measurement is using this cluster" + (other.isEmpty ? "" : " (\(other))"),
                hint: "two at once would count each other's faults as their own outage — wait for it to finish, or stop it (Ctrl-C heals its faults)")
        }
        let note = "\(holder), pid \(getpid()), since \(ISO8601DateFormatter().string(from: Date()))\n"
        _ = ftruncate(descriptor, 0)
        _ = note.withCString { pwrite(descriptor, $0, strlen($0), 0) }
        return RunLock(descriptor: descriptor)
    }

    /// Where the lock of the cluster whose state lives in `stateDirectory` is: in /run/lock, or /tmp without it.
    static func lockPath(stateDirectory: String) -> String {
        let directory = access("/run/lock", W_OK) == 0 ? "/run/lock" : NSTemporaryDirectory()
        let name = URL(fileURLWithPath: stateDirectory).standardizedFileURL.path.replacingOccurrences(of: "/", with: "_")
        return (directory.hasSuffix("/") ? directory : directory + "/") + "chaos" + name + ".lock"
    }

    /// Gives the lock back (idempotent).
    public func release() {
        guard descriptor >= 0 else { return }
        _ = ftruncate(descriptor, 0)
        flock(descriptor, LOCK_UN)
        close(descriptor)
        descriptor = -1
    }
}
