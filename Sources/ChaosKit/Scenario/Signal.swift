// POSIX signal names as scenarios write them.

/// A POSIX signal, by name and number (Linux numbering).
public struct Signal: Sendable, Hashable, CustomStringConvertible {
    /// Canonical name with the SIG prefix.
    public var name: String
    /// Linux signal number.
    public var number: Int32

    /// Signals a fault may send.
    public static let known: [Signal] = [
        Signal(name: "SIGHUP", number: 1), Signal(name: "SIGINT", number: 2), Signal(name: "SIGQUIT", number: 3),
        Signal(name: "SIGABRT", number: 6), Signal(name: "SIGKILL", number: 9), Signal(name: "SIGUSR1", number: 10),
        Signal(name: "SIGSEGV", number: 11), Signal(name: "SIGUSR2", number: 12), Signal(name: "SIGTERM", number: 15),
        Signal(name: "SIGCONT", number: 18), Signal(name: "SIGSTOP", number: 19),
    ]

    /// Parses `SIGKILL`, `KILL`, `kill` or `9`.
    public static func parse(_ text: String) -> Signal? {
        if let number = Int32(text) { return known.first { $0.number == number } }
        let upper = text.uppercased()
        let name = upper.hasPrefix("SIG") ? upper : "SIG" + upper
        return known.first { $0.name == name }
    }

    public var description: String { name }

    /// Whether the signal stops (freezes) a process rather than ending it: SIGSTOP, SIGTSTP, SIGTTIN, SIGTTOU.
    public var freezesProcess: Bool { [19, 20, 21, 22].contains(number) }
}
