// An exclusive advisory lock (flock) on a file, held for the duration of a closure: serialises lab
// bring-up/tear-down between processes (two `chaos lab up` at once would build over each other).

import Foundation

/// `flock(LOCK_EX)` on a file, for the duration of a closure.
public enum FileLock {
    /// Runs `body` while holding an exclusive lock on `path` (created if missing). If the file cannot be
    /// opened the body runs unlocked rather than not at all.
    public static func withExclusiveLock<T, E: Error>(on path: String, _ body: () throws(E) -> T) throws(E) -> T {
        let descriptor = open(path, O_CREAT | O_RDWR | O_CLOEXEC, 0o644)
        guard descriptor >= 0 else { return try body() }
        defer { close(descriptor) }
        while flock(descriptor, LOCK_EX) != 0 && errno == EINTR {}
        defer { flock(descriptor, LOCK_UN) }
        return try body()
    }
}
