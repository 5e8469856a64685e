// Finding scenario files: the `scenarios/` folder for `--all`, or the files a user names.

import Foundation

/// Locates scenario files.
public enum ScenarioLibrary {
    /// Every `*.yaml` / `*.yml` in a folder, sorted by name.
    public static func files(in directory: String) throws -> [String] {
        let names = try FileManager.default.contentsOfDirectory(atPath: directory)
        return names.filter { $0.hasSuffix(".yaml") || $0.hasSuffix(".yml") }.sorted().map { directory + "/" + $0 }
    }
}
