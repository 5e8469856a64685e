// The shell a host runs for each service action. Services are found fresh each time — a systemd unit's
// MainPID, or the process that listens on the service's TCP port — so a restarted service is never
// confused with the PID it had before. Every script is POSIX sh using only procps, iproute2 and util-linux.

/// Builds the scripts the SSH platform runs on a host.
struct RemoteScript {
    /// How the service is found and controlled.
    var control: ServiceControl
    /// The service (for messages, and its stop signal).
    var service: ServiceKind

    /// Shell functions every script starts with: `chaos_pid` prints the service's main PID (nothing when it
    /// does not run); `chaos_tree PID` prints it and its descendants.
    var prelude: String {
        let find: String
        switch control {
        case .systemd(let unit):
            find = "chaos_pid() { p=$(systemctl show -p MainPID --value \(ShellQuote.quote(unit))); [ \"${p:-0}\" != 0 ] && echo \"$p\"; true; }"
        case .process(let port, _, _):
            // Forked workers (PgPool-II's) share the listening socket: the main process is the one whose parent
            // does not listen too.
            find = """
                chaos_pid() { l=$(ss -Htlnp "sport = :\(port)" | grep -o 'pid=[0-9]*' | cut -d= -f2 | sort -u | tr '\\n' ' '); [ -n "$l" ] || return 0; \
                ps -e -o pid=,ppid= | awk -v l=" $l" '{ if (index(l, " " $1 " ")) p[$1] = $2 } END { for (k in p) if (!index(l, " " p[k] " ")) { print k; exit } }'; }
                """
        }
        // One read of the process table for the whole tree (a `ps` per process costs milliseconds each).
        let tree = """
            chaos_tree() { ps -e -o pid=,ppid= | awk -v r="$1" '{ p[$1] = $2 } END { s[r] = 1; do { c = 0; for (k in p) if (!(k in s) && (p[k] in s)) { s[k] = 1; c = 1 } } while (c); for (k in s) print k }'; }
            """
        return find + "\n" + tree + "\n"
    }

    /// Prints the main PID, or nothing.
    var pid: String { prelude + "chaos_pid" }

    /// Sends `signal` to the main process; exit 3 when it does not run.
    func kill(signal: Int32) -> String {
        prelude + "p=$(chaos_pid); [ -n \"$p\" ] || { echo '\(service.rawValue) is not running' >&2; exit 3; }; kill -\(signal) \"$p\""
    }

    /// Sends `signal` to every process of `scripts`' services at once (a node's crash); `scripts` is not empty.
    static func signalAll(_ scripts: [RemoteScript], signal: Int32) -> String {
        let roots = scripts.map { "(\($0.prelude)chaos_pid); " }.joined()
        return scripts[0].prelude + "r=$( \(roots)); [ -n \"$r\" ] || exit 0; " + signalTrees(roots: "$r", signal: signal)
    }

    /// Sends `signal` to the trees under `roots` (a shell word list). A SIGKILL freezes every tree first and reads
    /// them again until no new process appears, so that no parent forks a replacement (PgPool-II respawns a
    /// killed child at once) between one kill and the next: a crash takes everything at the same moment.
    private static func signalTrees(roots: String, signal: Int32) -> String {
        // Never PID 1 or below (a service that is a container's init), whose tree would hold this very script.
        let list = "chaos_all() { for x in \(roots); do [ \"$x\" -gt 1 ] && chaos_tree \"$x\"; done | sort -u | tr '\\n' ' '; }; "
        guard signal == 9 else { return list + "t=$(chaos_all); [ -n \"$t\" ] && kill -\(signal) $t; true" }
        // Everything frozen in any round is killed ($a), not only the last listing: a listing that came back short
        // must not leave frozen processes behind.
        return list + "u=$(for x in \(roots); do ps -o ppid= -p \"$x\"; done); "
            + "a=; s=; t=$(chaos_all); i=0; while [ \"$t\" != \"$s\" ] && [ $i -lt 20 ]; do kill -STOP $t 2>/dev/null; a=\"$a $t\"; s=$t; t=$(chaos_all); i=$((i+1)); done; "
            + "kill -9 $a $t 2>/dev/null; \(continueStoppedParents("$u"))true"
    }

    /// SIGCONT to those of `parents` (a shell word list) that are `runuser` or `su` and stopped. A service started
    /// through one has it as its parent, and it stops itself when its child stops (job control): left stopped,
    /// it would never reap the child once killed, and the zombie's PID in a pid file refuses the restart. Any
    /// other stopped parent (Patroni, paused by a fault of its own) is left as it is.
    static func continueStoppedParents(_ parents: String) -> String {
        "for q in \(parents); do [ \"$q\" -gt 1 ] && case \"$(ps -o comm= -p \"$q\") $(ps -o stat= -p \"$q\")\" in "
            + "runuser\\ T*|su\\ T*) kill -CONT \"$q\";; esac; done; "
    }

    /// The processes a pause freezes: the whole tree, except for Patroni (its PostgreSQL keeps running).
    private var pauseTargets: String {
        service == .patroni ? "t=$p" : "t=$(chaos_tree \"$p\")"
    }

    /// SIGSTOP, then waits until the kernel shows the main process stopped.
    var pause: String {
        prelude + "p=$(chaos_pid); [ -n \"$p\" ] || { echo '\(service.rawValue) is not running' >&2; exit 3; }; \(pauseTargets); kill -STOP $t; "
            + "for i in $(seq 100); do case $(ps -o stat= -p \"$p\") in T*) exit 0;; esac; sleep 0.02; done; echo 'did not stop' >&2; exit 4"
    }

    /// SIGCONT to what a pause froze (nothing when the service does not run).
    var resume: String {
        prelude + "p=$(chaos_pid); [ -n \"$p\" ] || exit 0; \(pauseTargets); kill -CONT $t; "
            + Self.continueStoppedParents("$(ps -o ppid= -p \"$p\")") + "true"
    }

    /// Stops the service: `systemctl stop`, or its stop signal, then SIGKILL to what is left of its tree after `grace`.
    func stop(grace: Duration) -> String {
        if case .systemd(let unit) = control { return "systemctl stop \(ShellQuote.quote(unit))" }
        let signal = LocalLab.stopSignal(service)
        let tenths = max(1, Int(grace.components.seconds) * 10)
        return prelude + "p=$(chaos_pid); [ -n \"$p\" ] || exit 0; t=$(chaos_tree \"$p\"); kill -CONT $t 2>/dev/null; kill -\(signal) \"$p\"; "
            + "for i in $(seq \(tenths)); do a=; for q in $t; do kill -0 \"$q\" 2>/dev/null && a=1; done; [ -z \"$a\" ] && exit 0; sleep 0.1; done; kill -9 $t 2>/dev/null; true"
    }

    /// Starts the service when it does not run and waits (10 s) until it listens; nil when the cluster file
    /// gives no way to start it.
    var start: String? {
        switch control {
        case .systemd(let unit): return "systemctl start \(ShellQuote.quote(unit))"
        case .process(let port, let command, let log):
            guard let command else { return nil }
            let logFile = ShellQuote.quote(log ?? "/dev/null")
            return prelude + "[ -n \"$(chaos_pid)\" ] && exit 0; cd / && setsid -f sh -c \(ShellQuote.quote(command)) </dev/null >>\(logFile) 2>&1; "
                + "for i in $(seq 100); do [ -n \"$(chaos_pid)\" ] && exit 0; sleep 0.1; done; "
                + "echo 'started, but nothing listens on port \(port) after 10 s; see \(log ?? "its log")' >&2; exit 4"
        }
    }
}
