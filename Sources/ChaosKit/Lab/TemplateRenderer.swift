// Fills `{{placeholder}}` templates from infra/. The same templates feed docker-compose later, so the
// syntax stays this simple: no conditionals, no loops; a missing value is an error, never an empty string.

import Foundation

/// Renders `{{name}}` placeholders.
public enum TemplateRenderer {
    /// Replaces every `{{name}}` in `template` with `values[name]`.
    /// - Throws: ``LabError`` naming the template and the first placeholder without a value.
    public static func render(_ template: String, values: [String: String], templateName: String) throws(LabError) -> String {
        var output = ""
        var rest = Substring(template)
        while let open = rest.range(of: "{{") {
            output += rest[..<open.lowerBound]
            guard let close = rest[open.upperBound...].range(of: "}}") else {
                throw LabError("template \(templateName) has an unclosed `{{`", hint: "fix the template in infra/")
            }
            let key = String(rest[open.upperBound..<close.lowerBound]).trimmingWhitespace()
            guard let value = values[key] else {
                throw LabError("template \(templateName) uses {{\(key)}} but the lab has no value for it",
                               hint: "add the value in LabFiles or remove the placeholder from infra/")
            }
            output += value
            rest = rest[close.upperBound...]
        }
        return output + rest
    }
}

fileprivate extension String {
    func trimmingWhitespace() -> String {
        var scalars = Substring(self)
        while let first = scalars.first, first.isWhitespace { scalars.removeFirst() }
        while let last = scalars.last, last.isWhitespace { scalars.removeLast() }
        return String(scalars)
    }
}
