// The running kernel's build options, read from /proc/config.gz or /boot/config-RELEASE.

import Foundation

/// Kernel build options as `CONFIG_X=y|m` pairs.
struct KernelConfig {
    private var values: [String: String] = [:]

    /// Parses the text of a kernel config file.
    init(text: String) {
        for line in text.split(separator: "\n") where line.hasPrefix("CONFIG_") {
            let parts = line.split(separator: "=", maxSplits: 1)
            if parts.count == 2 { values[String(parts[0])] = String(parts[1]) }
        }
    }

    /// `y`, `m`, a value, or nil when the option is not set.
    func value(of option: String) -> String? { values[option] }

    /// Loads the config of the running kernel, if the system exposes it.
    static func load(release: String) -> KernelConfig? {
        if let text = gunzip("/proc/config.gz") { return KernelConfig(text: text) }
        if let text = try? String(contentsOfFile: "/boot/config-\(release)", encoding: .utf8) { return KernelConfig(text: text) }
        return nil
    }

    /// Whether a module file exists for this kernel.
    static func moduleExists(_ name: String, release: String) -> Bool {
        guard let enumerator = FileManager.default.enumerator(atPath: "/lib/modules/\(release)/kernel/net") else { return false }
        for case let path as String in enumerator where (path as NSString).lastPathComponent.hasPrefix(name + ".ko") {
            return true
        }
        return false
    }

    private static func gunzip(_ path: String) -> String? {
        guard FileManager.default.isReadableFile(atPath: path) else { return nil }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/gzip")
        process.arguments = ["-dc", path]
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = FileHandle.nullDevice
        do { try process.run() } catch { return nil }
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else { return nil }
        return String(decoding: data, as: UTF8.self)
    }
}
