// scripts/docker-test.sh when no Docker engine can start: under CI=true that is a failure (the Docker tests
// did not run), on a developer's machine a loud skip. A `dockerd` that exits at once stands in for an engine
// that cannot start here; everything else the script runs is real.

import ChaosKit
import Foundation
import Testing

extension LabSuite {
    @Suite(.serialized) struct DockerTestScriptTests {
        static let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().path

        /// A PATH whose `dockerd` and `docker` fail at once, ahead of the real ones.
        static func pathWithoutEngine() throws -> (path: String, directory: String) {
            let directory = NSTemporaryDirectory() + "chaos-noengine-\(UUID().uuidString)"
            try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
            for tool in ["dockerd", "docker"] {
                let file = "\(directory)/\(tool)"
                try "#!/bin/sh\necho 'no engine here' >&2\nexit 1\n".write(toFile: file, atomically: true, encoding: .utf8)
                try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: file)
            }
            return ("\(directory):/opt/swift/usr/bin:/usr/sbin:/usr/bin:/sbin:/bin", directory)
        }

        @Test(arguments: [true, false])
        func noEngineFailsUnderCIAndIsALoudSkipOtherwise(_ ci: Bool) throws {
            let (path, directory) = try Self.pathWithoutEngine()
            defer { try? FileManager.default.removeItem(atPath: directory) }
            var environment = ["PATH": path, "HOME": "/root", "DEBIAN_FRONTEND": "noninteractive"]
            if ci { environment["CI"] = "true" }
            let process = Process()
            process.executableURL = URL(fileURLWithPath: "/bin/bash")
            process.arguments = ["\(Self.repository)/scripts/docker-test.sh"]
            process.environment = environment
            let errors = Pipe()
            process.standardError = errors
            process.standardOutput = FileHandle.nullDevice
            try process.run()
            let text = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
            process.waitUntilExit()
            if ci {
                #expect(process.terminationStatus == 1, "exit \(process.terminationStatus): \(text)")
                #expect(text.contains("FAILED — no Docker engine"))
            } else {
                #expect(process.terminationStatus == 0, "exit \(process.terminationStatus): \(text)")
                #expect(text.contains("SKIPPED — no Docker engine"))
            }
        }
    }
}
