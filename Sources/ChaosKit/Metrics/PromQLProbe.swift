// The `promql` probe: one instant query through Prometheus's HTTP API, its single value compared with bounds or
// with a value and a tolerance.

import Foundation

/// What a `promql` probe accepts.
public struct PromQLBounds: Sendable, Equatable {
    /// Lowest allowed value.
    public var min: Double?
    /// Highest allowed value.
    public var max: Double?
    /// The expected value, within ``tolerance``.
    public var equals: Double?
    /// How far from ``equals`` the value may be (absolute).
    public var tolerance: Double = 0

    /// Bounds for a probe: any of `min`/`max`, or `equals` within `tolerance`.
    public init(min: Double? = nil, max: Double? = nil, equals: Double? = nil, tolerance: Double = 0) {
        self.min = min
        self.max = max
        self.equals = equals
        self.tolerance = tolerance
    }

    /// Whether `value` is accepted (NaN never is).
    public func accepts(_ value: Double) -> Bool {
        if value.isNaN { return false }
        if let min, value < min { return false }
        if let max, value > max { return false }
        if let equals, abs(value - equals) > tolerance { return false }
        return true
    }

    /// The bounds in words: `≥ 1, ≤ 5` or `= 3 ± 0.5`.
    public var description: String {
        var parts = [min.map { "≥ \($0.promQLText)" }, max.map { "≤ \($0.promQLText)" }].compactMap { $0 }
        if let equals { parts.append("= \(equals.promQLText)" + (tolerance > 0 ? " ± \(tolerance.promQLText)" : "")) }
        return parts.joined(separator: ", ")
    }
}

/// Checks a PromQL query's value.
public enum PromQLProbe {
    /// Asks `prometheus` (the server's base URL) for `query` now; the answer must be exactly one number, which
    /// `bounds` must accept. An unreachable server, Prometheus's own error, no series or several are failures that
    /// say so.
    public static func check(prometheus: String, query: String, bounds: PromQLBounds) -> ProbeOutcome {
        let encoded = query.addingPercentEncoding(withAllowedCharacters: .promQLQueryValue) ?? query
        let url = prometheus.hasSuffix("/") ? "\(prometheus)api/v1/query?query=\(encoded)" : "\(prometheus)/api/v1/query?query=\(encoded)"
        let response: HTTPResponse
        do {
            response = try HTTPClient(timeoutMs: 5_000, connectTimeoutMs: 2_000).get(url)
        } catch {
            return ProbeOutcome(held: false, detail: "cannot ask Prometheus at \(prometheus): \(error)")
        }
        // Prometheus answers a bad query with HTTP 400 and its JSON error: read the body whatever the status.
        switch PromQLResponse.parse(response.body) {
        case .failure(let error):
            return ProbeOutcome(held: false, detail: "\(error) (HTTP \(response.status))")
        case .success(let samples):
            return judge(samples, query: query, bounds: bounds)
        }
    }

    /// The verdict on an instant query's samples.
    public static func judge(_ samples: [PromQLSample], query: String, bounds: PromQLBounds) -> ProbeOutcome {
        guard let sample = samples.first else {
            return ProbeOutcome(held: false, detail: "\(query) returned no series (nothing scraped yet, or the selector matches nothing)")
        }
        guard samples.count == 1 else {
            let examples = samples.prefix(3).map(\.seriesDescription).joined(separator: ", ")
            return ProbeOutcome(
                held: false,
                detail: "\(query) returned \(samples.count) series (\(examples)\(samples.count > 3 ? ", …" : "")); aggregate to one, e.g. max(…)")
        }
        return ProbeOutcome(held: bounds.accepts(sample.value), detail: "\(query) = \(sample.value.promQLText) (wanted \(bounds.description))")
    }
}

extension Double {
    /// A number as Prometheus writes it: integers without a fraction, NaN and ±Inf by name.
    var promQLText: String {
        if isNaN { return "NaN" }
        if isInfinite { return self > 0 ? "+Inf" : "-Inf" }
        if self == rounded(), abs(self) < 1e15 { return String(Int64(self)) }
        return String(self)
    }
}

extension CharacterSet {
    /// The characters a query string's value may hold unescaped: RFC 3986's unreserved ASCII set.
    static let promQLQueryValue = CharacterSet(charactersIn: "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~")
}
