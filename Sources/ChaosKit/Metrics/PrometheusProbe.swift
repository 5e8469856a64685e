// The `prometheus` probe: scrape a /metrics page in process, pick exactly one series, compare its value.

import Foundation

/// Checks one Prometheus series against bounds.
public enum PrometheusProbe {
    /// Scrapes `url` (libcurl, 5 s), picks the one series `series` names and checks `min ≤ value ≤ max`.
    /// An unreachable endpoint, a page that is not served (HTTP ≥ 300), no matching series or several are
    /// failures that say so; malformed lines are skipped and counted in the detail.
    public static func check(url: String, series: String, min: Double?, max: Double?) -> ProbeOutcome {
        guard let selector = PrometheusSelector.parse(series) else {
            return ProbeOutcome(held: false, detail: "'\(series)' is not a metric series")
        }
        let response: HTTPResponse
        do {
            response = try HTTPClient(timeoutMs: 5_000, connectTimeoutMs: 2_000).get(url)
        } catch {
            return ProbeOutcome(held: false, detail: "cannot scrape \(url): \(error)")
        }
        guard (200..<300).contains(response.status) else {
            return ProbeOutcome(held: false, detail: "\(url) answered HTTP \(response.status)")
        }
        let page = PrometheusExposition.parse(String(decoding: response.body, as: UTF8.self))
        let skipped = page.malformedLines.isEmpty ? "" : " (\(page.malformedLines.count) malformed line(s) skipped)"
        let found = page.samples(matching: selector)
        guard let sample = found.first else {
            return ProbeOutcome(held: false, detail: "no series \(selector) at \(url)\(skipped)")
        }
        guard found.count == 1 else {
            let examples = found.prefix(3).map { PrometheusSelector(name: $0.name, labels: $0.labels).description }.joined(separator: ", ")
            return ProbeOutcome(held: false, detail: "\(found.count) series match \(selector) (\(examples)\(found.count > 3 ? ", …" : "")); add labels to pick one\(skipped)")
        }
        var held = !sample.value.isNaN
        if let min { held = held && sample.value >= min }
        if let max { held = held && sample.value <= max }
        let bounds = [min.map { "≥ \($0)" }, max.map { "≤ \($0)" }].compactMap { $0 }.joined(separator: ", ")
        return ProbeOutcome(held: held, detail: "\(selector) = \(sample.value)\(bounds.isEmpty ? "" : " (wanted \(bounds))")\(skipped)")
    }
}
