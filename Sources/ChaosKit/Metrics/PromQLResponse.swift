// An instant query's answer from Prometheus's HTTP API (`GET /api/v1/query`): a vector of labelled samples or a
// scalar, or the error Prometheus gave.

public import Foundation

/// One value of an instant query's result.
public struct PromQLSample: Sendable, Equatable {
    /// The series' labels (`__name__` included when Prometheus kept it); empty for a scalar.
    public var labels: [String: String]
    /// The value (NaN and ±Inf as Prometheus wrote them).
    public var value: Double

    /// The series as `name{label="value",…}` (or `{…}`, or `scalar`).
    public var seriesDescription: String {
        if labels.isEmpty { return "scalar" }
        let name = labels["__name__"] ?? ""
        let rest = labels.filter { $0.key != "__name__" }.sorted { $0.key < $1.key }.map { "\($0.key)=\"\($0.value)\"" }
        return rest.isEmpty ? name : "\(name){\(rest.joined(separator: ","))}"
    }
}

/// Reads the JSON body of `/api/v1/query`.
public enum PromQLResponse {
    /// The samples of a successful instant query, or why there are none (Prometheus's own error, a range result, a
    /// body that is not the API's JSON).
    public static func parse(_ body: Data) -> Result<[PromQLSample], PromQLError> {
        guard let object = try? JSONSerialization.jsonObject(with: body) as? [String: Any], let status = object["status"] as? String else {
            return .failure(PromQLError("the answer is not Prometheus's query API JSON: \(String(decoding: body.prefix(120), as: UTF8.self))"))
        }
        guard status == "success" else {
            let kind = object["errorType"] as? String ?? "error"
            return .failure(PromQLError("Prometheus refused the query (\(kind)): \(object["error"] as? String ?? "no reason given")"))
        }
        guard let data = object["data"] as? [String: Any], let type = data["resultType"] as? String else {
            return .failure(PromQLError("Prometheus's answer has no data.resultType"))
        }
        switch type {
        case "vector":
            guard let series = data["result"] as? [[String: Any]] else { return .failure(PromQLError("a vector without a result list")) }
            var samples: [PromQLSample] = []
            for entry in series {
                guard let value = sampleValue(entry["value"]) else { return .failure(PromQLError("a vector sample without a [time, value] pair")) }
                samples.append(PromQLSample(labels: entry["metric"] as? [String: String] ?? [:], value: value))
            }
            return .success(samples)
        case "scalar":
            guard let value = sampleValue(data["result"]) else { return .failure(PromQLError("a scalar without a [time, value] pair")) }
            return .success([PromQLSample(labels: [:], value: value)])
        case "matrix":
            return .failure(PromQLError("the query returns a range vector; compare an instant value (e.g. max_over_time(x[30s]))"))
        default:
            return .failure(PromQLError("the query returns a \(type), not a number"))
        }
    }

    /// `[<unix time>, "<value>"]` → the value; Prometheus writes NaN and ±Inf as `NaN`, `+Inf`, `-Inf`.
    static func sampleValue(_ pair: Any?) -> Double? {
        guard let pair = pair as? [Any], pair.count == 2, let text = pair[1] as? String else { return nil }
        switch text {
        case "NaN": return .nan
        case "+Inf", "Inf": return .infinity
        case "-Inf": return -.infinity
        default: return Double(text)
        }
    }
}

/// Why a PromQL query gave no usable number.
public struct PromQLError: Error, Sendable, Equatable, CustomStringConvertible {
    /// What went wrong, in words.
    public var description: String

    init(_ description: String) { self.description = description }
}
