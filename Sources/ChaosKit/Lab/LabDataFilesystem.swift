// Each lab node's own filesystem under its data: a sparse ext4 image (32 GiB, a few MB on disk) on a loop device,
// mounted at `nodes/<node>/overlay`, where the overlay's upper layer — every byte PostgreSQL writes — lands. It is
// what `disk_full` fills: a file allocated over all its free space (fallocate: nothing is written, the image stays
// sparse) takes the node's disk away from PostgreSQL and from nothing else on the host; removing it gives it back.

import Foundation
import Logging

/// The filesystem of one lab node's data.
public struct LabDataFilesystem: Sendable {
    /// Where it is mounted: `nodes/<node>/overlay`.
    public let mountPoint: String
    /// Its image file: `nodes/<node>/data.ext4`.
    public let image: String

    /// The image's size: far more than a lab needs, nothing on disk until written.
    static let size = "32G"
    /// The file `disk_full` fills it with.
    public static let fillerName = "chaos-disk-full.filler"

    /// The filesystem of `node` in `layout`.
    public init(layout: LabLayout, node: String) {
        self.init(nodeDirectory: layout.nodeDirectory(node))
    }

    /// The filesystem of the node whose directory is `nodeDirectory`.
    public init(nodeDirectory: String) {
        mountPoint = "\(nodeDirectory)/overlay"
        image = "\(nodeDirectory)/data.ext4"
    }

    /// The filler's path.
    public var filler: String { "\(mountPoint)/\(Self.fillerName)" }

    /// Makes and mounts it; where this host cannot (no loop device, no mkfs.ext4), the upper layer stays a plain
    /// directory and `disk_full` says it cannot run here. Returns whether it is mounted.
    @discardableResult
    func create(runner: CommandRunner) -> Bool {
        do {
            try FileManager.default.createDirectory(atPath: mountPoint, withIntermediateDirectories: true)
            try runner.output(["truncate", "-s", Self.size, image])
            try runner.output(["mkfs.ext4", "-q", "-F", "-m", "0", "-E", "lazy_itable_init=1,lazy_journal_init=1", image], timeout: .seconds(60))
            try runner.output(["mount", "-o", "loop", image, mountPoint], timeout: .seconds(30))
            return true
        } catch {
            ChaosLog.commands.info("no filesystem of its own for \(mountPoint): \(error)")
            try? FileManager.default.removeItem(atPath: image)
            return false
        }
    }

    /// Whether it is mounted now (an ext4 at the mount point, its path compared as the kernel spells it).
    public var isMounted: Bool {
        let canonical = URL(fileURLWithPath: mountPoint).standardizedFileURL.resolvingSymlinksInPath().path
        return ProcFile.mounts().contains { $0.point == canonical && $0.type == "ext4" }
    }

    /// Free bytes as an unprivileged writer sees them.
    public var freeBytes: Int64? {
        var stats = statvfs()
        guard statvfs(mountPoint, &stats) == 0 else { return nil }
        return Int64(stats.f_bavail) * Int64(stats.f_frsize)
    }

    /// Allocates the filler over all the free space; returns the bytes taken and those left (less than a block or so).
    ///
    /// - Throws: ``FaultError`` when it is not mounted or the filler cannot be made.
    public func fill() throws(FaultError) -> (taken: Int64, left: Int64) {
        guard isMounted else {
            throw FaultError("\(mountPoint) is not a filesystem of its own (the lab was started with --no-cache, or this host has no loop device)",
                             hint: "`chaos lab reset` makes one per node where loop devices and mkfs.ext4 are available")
        }
        let descriptor = open(filler, O_CREAT | O_WRONLY | O_CLOEXEC, 0o600)
        guard descriptor >= 0 else {
            throw FaultError("cannot create \(filler): \(String(cString: strerror(errno)))", hint: "check that \(mountPoint) is mounted read-write")
        }
        defer { close(descriptor) }
        var offset: Int64 = 0
        var chunk: Int64 = 256 << 20
        // Whole chunks while they fit, then halves, down to one page: what is left is less than a page per step.
        while chunk >= 4096 {
            let result = posix_fallocate(descriptor, off_t(offset), off_t(chunk))
            if result == 0 {
                offset += chunk
            } else if result == ENOSPC {
                chunk /= 2
            } else {
                try? FileManager.default.removeItem(atPath: filler)
                throw FaultError("cannot allocate \(filler): \(String(cString: strerror(result)))",
                                 hint: "the node's filesystem refused the filler; see `dmesg` and `chaos lab status`")
            }
        }
        let left = freeBytes ?? 0
        guard left < 16 << 20 else {
            throw FaultError("\(mountPoint) still has \(left) bytes free after the filler (\(offset) bytes) was allocated",
                             hint: "heal the fault (the filler is removed) and try again")
        }
        return (offset, left)
    }

    /// Freezes it (`fsfreeze -f`): every write to it blocks until it is thawed; reads go on.
    ///
    /// - Throws: ``FaultError`` when it is not mounted or the kernel refuses.
    public func freeze(runner: CommandRunner) throws(FaultError) {
        guard isMounted else {
            throw FaultError("\(mountPoint) is not a filesystem of its own (the lab was started with --no-cache, or this host has no loop device)",
                             hint: "`chaos lab reset` makes one per node where loop devices and mkfs.ext4 are available")
        }
        let result = runner.run(["fsfreeze", "--freeze", mountPoint], environment: ["LC_ALL": "C"], timeout: .seconds(30))
        guard result.succeeded else {
            throw FaultError("fsfreeze refused \(mountPoint): \(result.standardError.trimmingCharacters(in: .whitespacesAndNewlines))",
                             hint: "this kernel or filesystem may not support freezing; disk_full works without it")
        }
    }

    /// Thaws it; a filesystem that is not frozen (or not mounted) is left as it is.
    public func thaw(runner: CommandRunner) throws(FaultError) {
        // Only our own filesystem: a plain directory's would be the host's.
        guard isMounted else { return }
        let result = runner.run(["fsfreeze", "--unfreeze", mountPoint], environment: ["LC_ALL": "C"], timeout: .seconds(30))
        // EINVAL: it was not frozen — nothing to undo.
        if !result.succeeded, !result.standardError.contains("Invalid argument") {
            throw FaultError("fsfreeze could not thaw \(mountPoint): \(result.standardError.trimmingCharacters(in: .whitespacesAndNewlines))",
                             hint: "run `fsfreeze --unfreeze \(mountPoint)` by hand; every write of that node blocks until then")
        }
    }

    /// Removes the filler (nothing to do when it is gone).
    public func empty() throws(FaultError) {
        guard FileManager.default.fileExists(atPath: filler) else { return }
        do { try FileManager.default.removeItem(atPath: filler) } catch {
            throw FaultError("cannot remove \(filler): \(error)", hint: "remove it by hand; the node's disk stays full until then")
        }
    }
}
