// Runs short-lived commands (ip, iptables, psql, curl, etcdctl) and captures their output, with a timeout.
// Blocks the calling thread: call it from a dedicated thread, never from the cooperative pool in a hot loop.

import Foundation
import Logging

/// Runs a program to completion and captures what it prints.
public struct CommandRunner: Sendable {
    /// Extra environment variables given to every command (on top of a minimal PATH/LANG).
    public var environment: [String: String]

    /// Creates a runner; `environment` is added to a minimal `PATH`/`LANG` environment.
    public init(environment: [String: String] = [:]) {
        self.environment = environment
    }

    /// Runs `arguments[0]` (an absolute path, or a name looked up in `/usr/sbin:/usr/bin:/sbin:/bin`) with
    /// the rest as arguments and returns how it ended; kills it after `timeout`, or as soon as `cancelled`
    /// (polled every 100 ms) says so — a run that aborts does not wait out a 60 s shell probe.
    public func run(
        _ arguments: [String], environment extra: [String: String] = [:], input: String? = nil,
        timeout: Duration = .seconds(30), cancelled: (@Sendable () -> Bool)? = nil, launched: ((Int32) -> Void)? = nil
    ) -> CommandResult {
        let started = ContinuousClock.now
        guard let program = arguments.first, let path = Self.resolve(program) else {
            return CommandResult(arguments: arguments, status: -1, standardOutput: "",
                                 standardError: "program \(arguments.first ?? "(none)") not found in /usr/sbin:/usr/bin:/sbin:/bin")
        }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: path)
        process.arguments = Array(arguments.dropFirst())
        var env = ["PATH": "/usr/sbin:/usr/bin:/sbin:/bin", "LANG": "C.UTF-8"]
        env.merge(environment) { _, new in new }
        env.merge(extra) { _, new in new }
        process.environment = env
        let out = Pipe(), err = Pipe()
        process.standardOutput = out
        process.standardError = err
        // A child that exits before reading its input must not kill us with SIGPIPE on the write below.
        if input != nil { signal(SIGPIPE, SIG_IGN) }
        let inputPipe: Pipe? = input == nil ? nil : Pipe()
        process.standardInput = inputPipe ?? FileHandle.nullDevice
        let finished = DispatchSemaphore(value: 0)
        process.terminationHandler = { _ in finished.signal() }
        do {
            // Foundation's Process is not safe to launch from several threads at once on Linux (a probe of
            // every node in parallel crashed in Process.run): launches are serialized, waits are not.
            // The child inherits the calling thread's signal mask, and threads of a test runner (or of Dispatch)
            // may block nearly every signal: pgbench -T ends on SIGALRM and ran forever with it blocked. Every
            // command starts with only the interrupt signals blocked — never unblocked here even for a moment,
            // so a Ctrl-C meant for the CLI's signal sources is not delivered to this thread instead (the
            // commands are ended with SIGKILL, or SIGALRM for pgbench, not with these).
            try Self.launchLock.withLock {
                var interrupts = sigset_t()
                var previous = sigset_t()
                sigemptyset(&interrupts)
                for signal in [SIGINT, SIGTERM, SIGHUP, SIGQUIT] { sigaddset(&interrupts, signal) }
                pthread_sigmask(SIG_SETMASK, &interrupts, &previous)
                defer { pthread_sigmask(SIG_SETMASK, &previous, nil) }
                try process.run()
            }
        } catch {
            for handle in [out.fileHandleForReading, out.fileHandleForWriting, err.fileHandleForReading, err.fileHandleForWriting] {
                try? handle.close()
            }
            return CommandResult(arguments: arguments, status: -1, standardOutput: "", standardError: "\(error)")
        }
        launched?(process.processIdentifier)
        // Close our copies of the child's ends now: Foundation keeps them open otherwise, leaking two
        // descriptors per command until a long-lived process passes FD_SETSIZE and crashes in Process.run().
        try? out.fileHandleForWriting.close()
        try? err.fileHandleForWriting.close()
        try? inputPipe?.fileHandleForReading.close()
        let collector = OutputCollector()
        let readers = DispatchGroup()
        for (index, handle) in [out.fileHandleForReading, err.fileHandleForReading].enumerated() {
            readers.enter()
            DispatchQueue.global().async {
                let data = handle.readDataToEndOfFile()
                try? handle.close()
                collector.set(index, data)
                readers.leave()
            }
        }
        if let input, let inputPipe {
            try? inputPipe.fileHandleForWriting.write(contentsOf: Data(input.utf8))
            try? inputPipe.fileHandleForWriting.close()
        }
        var timedOut = false
        let deadline = DispatchTime.now() + timeout.timeInterval
        while finished.wait(timeout: cancelled == nil ? deadline : min(deadline, .now() + 0.1)) == .timedOut {
            if DispatchTime.now() >= deadline || cancelled?() == true {
                timedOut = true
                // The whole tree: `sh -c 'sleep 50'` forks its command, and Foundation notices the end of a
                // child only once every process holding its descriptors is gone. All of them are ours.
                for pid in ProcessTable.tree(of: process.processIdentifier).reversed() { kill(pid, SIGKILL) }
                finished.wait()
                break
            }
        }
        // A grandchild that outlives the command (a daemon it started, a process its timeout orphaned) may
        // hold the pipes open for minutes: take what has arrived and move on.
        // The reader threads are left to finish on their own; their late output is dropped.
        _ = readers.wait(timeout: .now() + 3)
        let status = process.terminationReason == .uncaughtSignal ? 128 + process.terminationStatus : process.terminationStatus
        ChaosLog.commands.debug("\(ContinuousClock.now - started) exit \(timedOut ? "timed out" : String(status)): \(ChaosLog.redacted(arguments.joined(separator: " ")))")
        return CommandResult(arguments: arguments, status: status,
                             standardOutput: collector.text(0), standardError: collector.text(1), timedOut: timedOut)
    }

    /// Serializes `Process.run()` across threads.
    private static let launchLock = NSLock()

    /// Runs a command and returns its standard output, or throws ``CommandError`` when it fails.
    @discardableResult
    public func output(
        _ arguments: [String], environment extra: [String: String] = [:], input: String? = nil,
        timeout: Duration = .seconds(30)
    ) throws(CommandError) -> String {
        let result = run(arguments, environment: extra, input: input, timeout: timeout)
        guard result.succeeded else { throw CommandError(result) }
        return result.standardOutput
    }

    /// The absolute path of a program, looked up in the system directories when it has no slash.
    static func resolve(_ program: String) -> String? {
        if program.contains("/") { return FileManager.default.isExecutableFile(atPath: program) ? program : nil }
        for directory in ["/usr/sbin", "/usr/bin", "/sbin", "/bin"] {
            let candidate = "\(directory)/\(program)"
            if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
        }
        return nil
    }
}

/// Collects the two output streams from reader threads.
private final class OutputCollector: Sendable {
    private let data = Locked<[Int: Data]>([:])

    func set(_ index: Int, _ value: Data) { data.withLock { $0[index] = value } }
    func text(_ index: Int) -> String { data.withLock { String(decoding: $0[index] ?? Data(), as: UTF8.self) } }
}
