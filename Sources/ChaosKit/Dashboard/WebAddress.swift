// Where the dashboard's page is served: an IPv4 address and a port, loopback unless the operator binds
// another address on purpose.

import Foundation

/// `host:port` for the dashboard's web page.
public struct WebAddress: Sendable, Equatable, CustomStringConvertible {
    /// The IPv4 address to bind.
    public var host: String
    /// The TCP port (0: any free port, reported once listening).
    public var port: UInt16

    /// Reads `127.0.0.1:8080` (`localhost` is 127.0.0.1); an error says what is wrong.
    public init(parsing text: String) throws(RunError) {
        let parts = text.split(separator: ":", omittingEmptySubsequences: false)
        guard parts.count == 2, let port = UInt16(parts[1]) else {
            throw RunError("'\(text)' is not host:port", hint: "write e.g. --web 127.0.0.1:8080")
        }
        let host = parts[0] == "localhost" ? "127.0.0.1" : String(parts[0])
        var address = in_addr()
        guard inet_pton(AF_INET, host, &address) == 1 else {
            throw RunError("'\(parts[0])' is not an IPv4 address", hint: "write e.g. --web 127.0.0.1:8080 (loopback), or an address of this machine on purpose")
        }
        self.host = host
        self.port = port
    }

    /// Whether only this machine can reach it (127.0.0.0/8).
    public var isLoopback: Bool { host.hasPrefix("127.") }

    public var description: String { "\(host):\(port)" }
}
