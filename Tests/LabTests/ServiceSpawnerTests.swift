// The PID the spawner returns is the service's own (setsid, ip netns exec, setpriv and env all exec), in
// a new session, as the asked user; terminate() stops it by that PID.

import ChaosKit
import Foundation
import Testing

extension LabSuite {
    @Suite struct ServiceSpawnerTests {
        @Test func recordedPIDIsTheServiceItselfInItsOwnSession() throws {
            let log = NSTemporaryDirectory() + "chaos-spawn-\(UUID().uuidString).log"
            defer { try? FileManager.default.removeItem(atPath: log) }
            let pid = try ServiceSpawner.start(ServiceLaunch(
                namespace: nil, user: "nobody", command: ["/bin/sleep", "300"], environment: ["MARK": "x"], logFile: log))
            usleep(200_000)
            #expect(ProcessTable.isAlive(pid))
            #expect(ProcessTable.commandLine(of: pid) == ["/bin/sleep", "300"])
            let status = try String(contentsOfFile: "/proc/\(pid)/status", encoding: .utf8)
            let uid = status.split(separator: "\n").first { $0.hasPrefix("Uid:") }?.split(separator: "\t").dropFirst().first
            #expect(uid.map(String.init) == String(getpwnam("nobody")?.pointee.pw_uid ?? 0))
            #expect(getsid(pid) == pid, "not a session leader: setsid did not apply")
            let environment = FileManager.default.contents(atPath: "/proc/\(pid)/environ").map { String(decoding: $0, as: UTF8.self) } ?? ""
            #expect(environment.split(separator: "\0").sorted() == ["MARK=x"], "env -i should leave only the given variables")
            #expect(ProcessTable.terminate([pid], grace: .seconds(2)).isEmpty)
            #expect(!ProcessTable.isAlive(pid))
        }
    }
}
