// The addresses http and prometheus probes may fetch: http(s) only, handed to curl as a URL, never as an option.

import Foundation

/// Checks probe URLs. A scenario runs as root, so `file:///etc/shadow` or `-K/etc/shadow` must not get
/// through to curl.
public enum ProbeURL {
    /// Why `text` is not an acceptable probe URL, or nil when it is one.
    public static func problem(with text: String) -> String? {
        if text.contains(where: { $0.isWhitespace || $0.unicodeScalars.contains { CharacterSet.controlCharacters.contains($0) } }) {
            return "'\(text)' is not a URL: it contains spaces or control characters"
        }
        guard let components = URLComponents(string: text), let scheme = components.scheme?.lowercased() else {
            return "'\(text)' is not a URL; write e.g. http://10.203.0.21:8008/health"
        }
        guard scheme == "http" || scheme == "https" else {
            return "'\(text)' uses \(scheme)://; probes fetch only http:// and https:// addresses"
        }
        guard let host = components.host, !host.isEmpty else { return "'\(text)' names no host; write e.g. http://10.203.0.21:8008/health" }
        return nil
    }

    /// curl's arguments that fetch `url` over http(s) only: `--proto` refuses any other scheme, even after a
    /// redirect, and `--url` makes the text a URL whatever it starts with.
    public static func curlArguments(_ url: String) -> [String] {
        ["--proto", "=http,https", "--proto-redir", "=http,https", "--url", url]
    }
}
