// The one file that owns libcurl pointers: a small blocking HTTP client with millisecond timeouts.

internal import CCurl
public import Foundation
import Logging

/// An HTTP answer.
public struct HTTPResponse: Sendable, Equatable {
    /// The status code.
    public var status: Int
    /// The body bytes.
    public var body: Data
}

/// A failed HTTP exchange (no answer at all; HTTP error statuses are responses).
public struct HTTPError: Error, Sendable, Equatable, CustomStringConvertible {
    /// True when the timeout expired.
    public var timedOut: Bool
    /// libcurl's explanation.
    public var message: String
    /// The URL asked for.
    public var url: String

    public var description: String { "\(url): \(message)" }
}

/// A blocking HTTP client around one libcurl easy handle (kept alive between requests).
///
/// Not thread-safe: give each polling thread its own client. Never call it from the cooperative pool.
public final class HTTPClient {
    private let handle: OpaquePointer?
    /// Whole-request timeout in milliseconds.
    public let timeoutMs: Int
    /// Connect timeout in milliseconds.
    public let connectTimeoutMs: Int

    private static let globalInit: Bool = curl_global_init(Int(CURL_GLOBAL_ALL)) == CURLE_OK

    /// Creates a client; `timeoutMs` bounds a whole request, `connectTimeoutMs` the TCP connect.
    public init(timeoutMs: Int = 300, connectTimeoutMs: Int = 200) {
        _ = HTTPClient.globalInit
        handle = curl_easy_init().map { OpaquePointer($0) }
        self.timeoutMs = timeoutMs
        self.connectTimeoutMs = connectTimeoutMs
    }

    deinit {
        if let handle { curl_easy_cleanup(UnsafeMutableRawPointer(handle)) }
    }

    /// GETs a URL.
    public func get(_ url: String) throws(HTTPError) -> HTTPResponse {
        try perform(url: url, postBody: nil)
    }

    /// POSTs a JSON body to a URL.
    public func post(_ url: String, json: String) throws(HTTPError) -> HTTPResponse {
        try perform(url: url, postBody: json)
    }

    /// Sends a JSON body with `method` (`POST`, `PATCH`, …), with HTTP basic authentication when `login` is
    /// given: the password stays in this process (never on a command line). Logged for `--verbose` without it.
    public func send(_ method: String, _ url: String, json: String, login: (user: String, password: String)? = nil) throws(HTTPError) -> HTTPResponse {
        let started = ContinuousClock.now
        let outcome = Result { () throws(HTTPError) -> HTTPResponse in try perform(url: url, postBody: json, method: method, login: login) }
        let status = (try? outcome.get()).map { String($0.status) } ?? "failed"
        ChaosLog.commands.debug("\(ContinuousClock.now - started) HTTP \(status): \(method) \(url) \(ChaosLog.redacted(json))")
        return try outcome.get()
    }

    private func perform(
        url: String, postBody: String?, method: String? = nil, login: (user: String, password: String)? = nil
    ) throws(HTTPError) -> HTTPResponse {
        guard let handle else { throw HTTPError(timedOut: false, message: "libcurl could not create a handle", url: url) }
        let curl = UnsafeMutableRawPointer(handle)
        let sink = BodySink()
        let unmanaged = Unmanaged.passRetained(sink)
        defer { unmanaged.release() }
        var headers: UnsafeMutablePointer<curl_slist>?
        defer { curl_slist_free_all(headers) }

        chaos_curl_set_string(curl, CURLOPT_URL, url)
        chaos_curl_set_long(curl, CURLOPT_NOSIGNAL, 1)
        chaos_curl_set_long(curl, CURLOPT_TIMEOUT_MS, timeoutMs)
        chaos_curl_set_long(curl, CURLOPT_CONNECTTIMEOUT_MS, connectTimeoutMs)
        chaos_curl_set_write_function(curl, { data, size, count, context in
            guard let data, let context else { return 0 }
            let sink = Unmanaged<BodySink>.fromOpaque(context).takeUnretainedValue()
            sink.data.append(UnsafeRawPointer(data).assumingMemoryBound(to: UInt8.self), count: size * count)
            return size * count
        })
        chaos_curl_set_pointer(curl, CURLOPT_WRITEDATA, unmanaged.toOpaque())
        // The handle is reused: every call sets (or clears) the method and the login.
        chaos_curl_set_string(curl, CURLOPT_CUSTOMREQUEST, method)
        chaos_curl_set_string(curl, CURLOPT_USERNAME, login?.user)
        chaos_curl_set_string(curl, CURLOPT_PASSWORD, login?.password)
        if let postBody {
            headers = curl_slist_append(headers, "Content-Type: application/json")
            chaos_curl_set_pointer(curl, CURLOPT_HTTPHEADER, headers.map { UnsafeMutableRawPointer($0) })
            chaos_curl_set_string(curl, CURLOPT_COPYPOSTFIELDS, postBody)
        } else {
            chaos_curl_set_pointer(curl, CURLOPT_HTTPHEADER, nil)
            chaos_curl_set_long(curl, CURLOPT_HTTPGET, 1)
        }

        let code = curl_easy_perform(curl)
        guard code == CURLE_OK else {
            let message = curl_easy_strerror(code).map { String(cString: $0) } ?? "curl error \(code.rawValue)"
            throw HTTPError(timedOut: code == CURLE_OPERATION_TIMEDOUT, message: message, url: url)
        }
        var status = 0
        chaos_curl_get_response_code(curl, &status)
        return HTTPResponse(status: status, body: sink.data)
    }
}

/// Collects a response body inside libcurl's write callback.
private final class BodySink {
    var data = Data()
}
