// The shell the SSH platform sends to a host, run here with the local /bin/sh against a real process: a
// listener we start, find by its port, freeze, thaw, stop and start again. Quoting is checked by letting sh
// split what ShellQuote joined. The switch's revert script is checked for what it undoes and what it leaves.

import Foundation
import Testing
@testable import ChaosKit

struct RemoteScriptTests {
    let runner = CommandRunner()

    func sh(_ script: String) -> CommandResult { runner.run(["/bin/sh", "-c", script], timeout: .seconds(30)) }

    /// Runs a script the way sshd would: a fresh process with nothing open but 0, 1 and 2 (a daemon the script
    /// starts would otherwise inherit this test process's pipes). Needs root (ServiceSpawner switches user).
    func host(_ script: String) throws -> CommandResult {
        let log = NSTemporaryDirectory() + "chaos-host-\(UUID().uuidString).out"
        defer { try? FileManager.default.removeItem(atPath: log) }
        let pid = try ServiceSpawner.start(ServiceLaunch(
            namespace: nil, user: "root", command: ["/bin/sh", "-c", "(\n\(script)\n)\necho \"chaos-status $?\""],
            environment: ["PATH": "/usr/sbin:/usr/bin:/sbin:/bin"], logFile: log))
        let deadline = ContinuousClock.now + .seconds(30)
        while ProcessTable.isAlive(pid), ContinuousClock.now < deadline {
            ProcessTable.reap(pid)
            usleep(20_000)
        }
        let text = (try? String(contentsOfFile: log, encoding: .utf8)) ?? ""
        var lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        if lines.last == "" { lines.removeLast() }
        let status = lines.last.flatMap { $0.hasPrefix("chaos-status ") ? Int32($0.dropFirst(13)) : nil } ?? -1
        return CommandResult(arguments: [script], status: status, standardOutput: lines.dropLast().map { $0 + "\n" }.joined(), standardError: "")
    }

    @Test func quotedWordsReachTheCommandExactly() {
        let words = ["plain", "two words", "it's", "a\"b", "$HOME", "`id`", "!", "", "tab\there", "new\nline", "--dport", "ünï"]
        let result = sh("printf '%s|' " + ShellQuote.join(words))
        #expect(result.standardOutput == words.map { $0 + "|" }.joined())
    }

    @Test(.timeLimit(.minutes(2))) func aServiceIsFoundByItsPortFrozenThawedStoppedAndStartedAgain() throws {
        guard FileManager.default.isExecutableFile(atPath: "/usr/bin/python3"), getuid() == 0 else {
            print("SKIPPED: aServiceIsFoundByItsPortFrozenThawedStoppedAndStartedAgain needs root and /usr/bin/python3")
            return
        }
        let port = Int.random(in: 30_000...60_000)
        let log = NSTemporaryDirectory() + "chaos-remote-\(UUID().uuidString).log"
        defer { try? FileManager.default.removeItem(atPath: log) }
        let listener = "exec /usr/bin/python3 -c 'import socket,time; s=socket.socket(); s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1); "
            + "s.bind((\"127.0.0.1\", \(port))); s.listen(); print(\"listening\", flush=True); time.sleep(300)'"
        let script = RemoteScript(control: .process(listen: port, start: listener, log: log), service: .etcd)
        #expect(try host(script.pid).standardOutput.isEmpty, "nothing listens on \(port) yet")

        let start = try #require(script.start)
        let started = try host(start)
        #expect(started.succeeded, "\(started.standardError)")
        defer { _ = try? host(script.stop(grace: .seconds(1))) }
        let pid = try #require(Int32(try host(script.pid).standardOutput.trimmingCharacters(in: .whitespacesAndNewlines)))
        #expect(ProcessTable.commandLine(of: pid).first == "/usr/bin/python3")
        #expect(try String(contentsOfFile: log, encoding: .utf8).contains("listening"), "the start command's output goes to its log")
        let again = try host(start)
        let same = try host(script.pid).standardOutput.trimmingCharacters(in: .whitespacesAndNewlines)
        #expect(again.succeeded && same == "\(pid)", "starting a running service is a no-op")

        #expect(try host(script.pause).succeeded)
        #expect(ProcessTable.isStopped(pid))
        #expect(try host(script.resume).succeeded)
        #expect(!ProcessTable.isStopped(pid))

        #expect(try host(script.stop(grace: .seconds(2))).succeeded)
        ProcessTable.reap(pid)
        #expect(try host(script.pid).standardOutput.isEmpty)
        #expect(try host(script.kill(signal: 9)).status == 3, "signalling a service that does not run is an error")
        #expect(try host(script.resume).succeeded, "resuming a service that does not run does nothing")

        #expect(try host(start).succeeded)
        let restarted = try host(script.pid).standardOutput
        #expect(!restarted.isEmpty, "started again")
    }

    /// A node's crash over SSH takes a forking service at once: a parent that respawns a killed child (as
    /// PgPool-II does) leaves no replacement holding the port, and a `runuser` between the shell and the service,
    /// which stops itself when the service is frozen, is let go to reap it (or the zombie's PID would stay).
    @Test(.timeLimit(.minutes(2))) func aCrashTakesAForkingServiceAndReleasesItsRunuser() throws {
        guard FileManager.default.isExecutableFile(atPath: "/usr/bin/python3"), getuid() == 0 else {
            print("SKIPPED: aCrashTakesAForkingServiceAndReleasesItsRunuser needs root and /usr/bin/python3")
            return
        }
        let port = Int.random(in: 30_000...60_000)
        let log = NSTemporaryDirectory() + "chaos-remote-\(UUID().uuidString).log"
        defer { try? FileManager.default.removeItem(atPath: log) }
        let program = """
            import os, socket, time
            s = socket.socket(); s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1); s.bind(("127.0.0.1", \(port))); s.listen()
            def child():
                pid = os.fork()
                if pid == 0:
                    while True: time.sleep(1)
                return pid
            for _ in range(8): child()
            print("listening", flush=True)
            while True:
                os.wait(); child()
            """
        let listener = "runuser -u nobody -- /usr/bin/python3 -c \(ShellQuote.quote(program))"
        let script = RemoteScript(control: .process(listen: port, start: listener, log: log), service: .pgpool)
        let started = try host(try #require(script.start))
        // Whatever fails below, the listener (and the one started again at the end) is stopped.
        defer { _ = try? host(script.stop(grace: .zero)) }
        #expect(started.succeeded, "\(started.standardError)")
        let pid = try #require(Int32(try host(script.pid).standardOutput.trimmingCharacters(in: .whitespacesAndNewlines)))
        let runuser = try #require(ProcessTable.parent(of: pid))
        #expect(ProcessTable.commandLine(of: runuser).first == "runuser")
        let tree = ProcessTable.tree(of: pid)
        defer { _ = ProcessTable.terminate(ProcessTable.tree(of: runuser), grace: .zero) }
        #expect(tree.count == 9, "the service and its eight children: \(tree)")

        #expect(try host(RemoteScript.signalAll([script], signal: 9)).succeeded)
        let deadline = ContinuousClock.now + .seconds(10)
        while ProcessTable.isAlive(runuser), ContinuousClock.now < deadline { usleep(50_000) }
        #expect(!ProcessTable.isAlive(runuser), "runuser was left stopped and never reaped the service")
        #expect(try host(script.pid).standardOutput.isEmpty, "a respawned child still listens on \(port)")
        #expect(try host(try #require(script.start)).succeeded, "the service starts again")
        #expect(try host(script.stop(grace: .seconds(2))).succeeded)
    }

    @Test func aSystemdServiceIsControlledThroughItsUnit() {
        let script = RemoteScript(control: .systemd(unit: "patroni.service"), service: .patroni)
        #expect(script.start == "systemctl start patroni.service")
        #expect(script.stop(grace: .seconds(5)) == "systemctl stop patroni.service")
        #expect(script.pid.contains("systemctl show -p MainPID --value patroni.service"))
        #expect(script.pause.contains("t=$p;"), "a paused Patroni leaves its PostgreSQL running")
    }

    @Test func theSwitchRevertsWhatTheHostHoldsAndLeavesClusterWideUndoToRecover() throws {
        let cluster = try #require(ClusterFileReader.read(text: ClusterFileTests.good, file: "c.yaml").cluster)
        let control = SSHNodeControl(cluster: cluster, inventory: SSHPlatform(file: "c.yaml", cluster: cluster, stateDirectory: "/tmp/none").inventory(profile: .labDefault),
                                     controlDirectory: "/tmp/none")
        let undo: [UndoAction] = [
            .deleteIptablesRule(node: "pg1", chain: "INPUT", rule: ["-i", "ens3", "-j", "DROP"]),
            .deleteQdisc(node: "pg1", device: "ens3"),
            .startService(node: "pg1", service: "patroni"),
            .resumePatroni,
            .deleteIptablesRule(node: "etcd1", chain: "OUTPUT", rule: ["-d", "10.0.0.21", "-j", "DROP"]),
        ]
        #expect(SSHNodeControl.nodes(of: undo) == ["pg1", "etcd1"])
        let pg1 = try control.revertScript(undo, on: "pg1")
        #expect(pg1.contains("iptables -w 5 -D INPUT -i ens3 -j DROP"))
        #expect(pg1.contains("tc qdisc del dev ens3 root") && pg1.contains(" ca05: "), "only our own qdisc")
        #expect(pg1.contains("setsid -f sh -c"), "Patroni started again with the file's start command")
        #expect(pg1.range(of: "iptables")!.lowerBound < pg1.range(of: "setsid")!.lowerBound, "network first, then services")
        #expect(!pg1.contains("10.0.0.21 -j DROP"), "another host's rule is that host's switch's")
        #expect(try control.revertScript(undo, on: "etcd1").contains("-D OUTPUT -d 10.0.0.21 -j DROP"))
    }
}
