// Finds the infra/ templates: CHAOS_INFRA_DIR, else the nearest infra/ above the working directory or the
// chaos executable (a checkout running .build/debug/chaos finds its own).

import Foundation

/// The directory holding the cluster templates (`infra/`).
public struct LabInfra: Sendable, Equatable {
    /// Absolute path of `infra/`.
    public var directory: String

    /// Uses that directory.
    public init(directory: String) { self.directory = directory }

    /// Locates `infra/`, or throws saying where it looked.
    public static func locate(environment: [String: String]) throws(LabError) -> LabInfra {
        if let explicit = environment["CHAOS_INFRA_DIR"], !explicit.isEmpty {
            guard isInfra(explicit) else {
                throw LabError("CHAOS_INFRA_DIR=\(explicit) has no patroni/patroni.yml", hint: "point it at the repository's infra/ directory")
            }
            return LabInfra(directory: explicit)
        }
        var starts = [FileManager.default.currentDirectoryPath]
        let executable = URL(fileURLWithPath: CommandLine.arguments.first ?? "").resolvingSymlinksInPath().deletingLastPathComponent().path
        starts.append(executable)
        for start in starts {
            var url = URL(fileURLWithPath: start)
            for _ in 0..<8 {
                let candidate = url.appendingPathComponent("infra").path
                if isInfra(candidate) { return LabInfra(directory: candidate) }
                url.deleteLastPathComponent()
            }
        }
        throw LabError("cannot find the infra/ templates (looked above \(starts.joined(separator: " and ")))",
                       hint: "run chaos from the repository checkout or set CHAOS_INFRA_DIR=/path/to/chaos/infra")
    }

    /// Reads one template, e.g. `patroni/patroni.yml`.
    public func template(_ relativePath: String) throws(LabError) -> String {
        let path = "\(directory)/\(relativePath)"
        guard let data = FileManager.default.contents(atPath: path) else {
            throw LabError("template \(path) is missing", hint: "restore infra/ from the repository")
        }
        return String(decoding: data, as: UTF8.self)
    }

    private static func isInfra(_ path: String) -> Bool {
        FileManager.default.fileExists(atPath: "\(path)/patroni/patroni.yml")
    }
}
