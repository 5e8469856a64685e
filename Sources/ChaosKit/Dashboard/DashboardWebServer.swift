// The dashboard as a web page for the room: a small HTTP server (FlyingFox: Swift only, no SwiftNIO, so it
// builds in seconds, with WebSockets built in) serving the page at `/`, the dashboard's snapshot as JSON at
// `/state.json`, and a WebSocket at `/live` that pushes the snapshot 5 times a second. One thread builds the
// snapshot for every client, so a room of browsers costs what one does.

import FlyingFox
import FlyingSocks
import Foundation

/// Serves the dashboard's page.
public final class DashboardWebServer: Sendable {
    /// Pushes per second on `/live`.
    public static let pushesPerSecond = 5
    /// Where it listens (the port filled in once listening, when 0 was asked).
    public var address: WebAddress { bound.snapshot }

    private let bound: Locked<WebAddress>
    private let feed = Locked<DashboardFeed?>(nil)
    private let latest: Locked<String>
    private let server: HTTPServer
    private let serving = Locked<Task<Void, any Error>?>(nil)
    private let refresher = StopFlag()

    /// A server for `address`; nothing listens until ``start()``.
    public init(address: WebAddress) throws(RunError) {
        bound = Locked(address)
        latest = Locked(Self.json(.preparing("preparing (preflight, writers, warm-up)")))
        let socket: sockaddr_in
        do { socket = try sockaddr_in.inet(ip4: address.host, port: address.port) } catch {
            throw RunError("cannot use \(address) for the dashboard page: \(error)")
        }
        server = HTTPServer(address: socket, timeout: 15, logger: .disabled)
    }

    /// Shows the run live from now on.
    public func attach(_ feed: DashboardFeed) { self.feed.withLock { $0 = feed } }

    /// The snapshot's JSON now (what `/state.json` answers).
    public var stateJSON: String { latest.snapshot }

    /// Starts listening; returns once it does, or throws why it cannot (the port taken, the address not this machine's).
    public func start() throws(RunError) {
        let server = self.server
        let page = DashboardPage.html
        let latest = self.latest
        let ready = DispatchSemaphore(value: 0)
        let outcome = Locked<Result<WebAddress, RunError>?>(nil)
        let requested = bound.snapshot
        let bound = self.bound
        let pusher: WebSocketHTTPHandler = .webSocket(SnapshotPusher(latest: latest))
        Task {
            await server.appendRoute("GET /") { request in
                guard Self.allows(request, at: bound.snapshot) else { return Self.refusal }
                return FlyingFox.HTTPResponse(statusCode: .ok, headers: [.contentType: "text/html; charset=utf-8"], body: Data(page.utf8))
            }
            await server.appendRoute("GET /state.json") { request in
                guard Self.allows(request, at: bound.snapshot) else { return Self.refusal }
                return FlyingFox.HTTPResponse(statusCode: .ok, headers: [.contentType: "application/json", .cacheControl: "no-store"],
                                              body: Data(latest.snapshot.utf8))
            }
            await server.appendRoute("GET /live") { request in
                guard Self.allows(request, at: bound.snapshot) else { return Self.refusal }
                return try await pusher.handleRequest(request)
            }
            ready.signal()
        }
        ready.wait()
        serving.withLock { $0 = Task { try await server.run() } }
        let listening = DispatchSemaphore(value: 0)
        Task {
            do {
                try await server.waitUntilListening(timeout: 5)
                if case .ip4(_, let port)? = await server.listeningAddress {
                    outcome.withLock { $0 = .success(WebAddress(host: requested.host, port: port)) }
                }
            } catch {
                outcome.withLock { $0 = .failure(RunError("cannot listen on \(requested): \(error)", hint: "choose another port, or an address of this machine")) }
            }
            listening.signal()
        }
        listening.wait()
        switch outcome.snapshot {
        case .success(let address)?: bound.withLock { $0 = address }
        case .failure(let error)?:
            stop()
            throw error
        case nil:
            stop()
            throw RunError("cannot listen on \(requested)", hint: "choose another port")
        }
        startRefreshing()
    }

    /// Stops serving (open pages see the connection close).
    public func stop() {
        refresher.stopAndWait(timeoutSeconds: 2)
        let done = DispatchSemaphore(value: 0)
        let server = self.server
        Task {
            await server.stop(timeout: 1)
            done.signal()
        }
        _ = done.wait(timeout: .now() + 3)
        serving.withLock { $0?.cancel() }
    }

    private func startRefreshing() {
        refresher.workerStarted()
        let thread = Thread { [self] in
            let period = Int64(1_000_000_000 / Self.pushesPerSecond)
            while !refresher.isStopped {
                if let feed = feed.snapshot {
                    let json = Self.json(feed.snapshot())
                    latest.withLock { $0 = json }
                }
                _ = refresher.sleep(nanoseconds: period)
            }
            refresher.workerFinished()
        }
        thread.name = "chaos-dashboard-web"
        thread.start()
    }

    /// Whether a request is for this page as served here: its `Host` is the address served (or `localhost` with its
    /// port, on loopback) and its `Origin`, when a browser sends one, is that page. Another site open in the same
    /// browser, or a name rebound to this address, is refused.
    static func allows(host: String?, origin: String?, at address: WebAddress) -> Bool {
        var authorities = ["\(address.host):\(address.port)"]
        if address.isLoopback { authorities.append("localhost:\(address.port)") }
        guard let host, authorities.contains(host.lowercased()) else { return false }
        guard let origin else { return true }
        return authorities.contains { "http://\($0)" == origin.lowercased() }
    }

    private static func allows(_ request: FlyingFox.HTTPRequest, at address: WebAddress) -> Bool {
        allows(host: request.headers[.host], origin: request.headers[HTTPHeader("Origin")], at: address)
    }

    private static var refusal: FlyingFox.HTTPResponse {
        FlyingFox.HTTPResponse(statusCode: .forbidden, headers: [.contentType: "text/plain"],
                               body: Data("this page answers only at the address it is served on\n".utf8))
    }

    static func json(_ snapshot: DashboardSnapshot) -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        return (try? encoder.encode(snapshot)).map { String(decoding: $0, as: UTF8.self) } ?? "{}"
    }
}

extension WebAddress {
    init(host: String, port: UInt16) {
        self.host = host
        self.port = port
    }
}

/// Pushes the latest snapshot to one page until it goes away.
private struct SnapshotPusher: WSMessageHandler {
    let latest: Locked<String>

    func makeMessages(for client: AsyncStream<WSMessage>) async throws -> AsyncStream<WSMessage> {
        let latest = self.latest
        // A browser that stops reading gets the newest snapshot when it comes back, not a backlog.
        return AsyncStream(bufferingPolicy: .bufferingNewest(1)) { continuation in
            let pushing = Task {
                let period = UInt64(1_000_000_000 / DashboardWebServer.pushesPerSecond)
                while !Task.isCancelled {
                    continuation.yield(.text(latest.snapshot))
                    try? await Task.sleep(nanoseconds: period)
                }
                continuation.finish()
            }
            let listening = Task {
                for await _ in client {}
                pushing.cancel()
            }
            continuation.onTermination = { _ in
                pushing.cancel()
                listening.cancel()
            }
        }
    }
}
