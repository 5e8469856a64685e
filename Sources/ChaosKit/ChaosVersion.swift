// The tool's version, printed by `chaos --version` and recorded in every run.

/// The version of chaos.
public enum ChaosVersion {
    /// Semantic version of this build.
    public static let current = "0.1.0"
}
