// One problem found in a scenario file, with where it is and what to do about it.

/// A problem in a scenario: where, which key, what is wrong, and a suggestion when one is likely.
public struct Diagnostic: Sendable, Hashable, CustomStringConvertible {
    /// How bad the problem is.
    public enum Severity: String, Sendable, Hashable {
        /// The scenario cannot run.
        case error
        /// The scenario runs, but probably not as meant.
        case warning
    }

    /// Error or warning.
    public var severity: Severity
    /// Where the offending text starts.
    public var location: SourceLocation
    /// The key path in the document, e.g. `method[2].target`.
    public var keyPath: String
    /// What is wrong, in words.
    public var message: String
    /// A likely fix ("did you mean …"), when there is one.
    public var suggestion: String?

    /// Creates a diagnostic.
    public init(
        severity: Severity = .error, location: SourceLocation, keyPath: String, message: String,
        suggestion: String? = nil
    ) {
        self.severity = severity
        self.location = location
        self.keyPath = keyPath
        self.message = message
        self.suggestion = suggestion
    }

    /// `file:line:col: error: key.path: message (did you mean 'x'?)`.
    public var description: String {
        var text = "\(location): \(severity.rawValue): "
        if !keyPath.isEmpty { text += "\(keyPath): " }
        text += message
        if let suggestion { text += " (did you mean '\(suggestion)'?)" }
        return text
    }
}
