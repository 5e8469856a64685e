// The standalone server a benchmark's `single` target measures: a platform that can provide one conforms.

/// A platform that has (or can start) a standalone PostgreSQL for the `single` target.
public protocol BaselineProviding: Sendable {
    /// Where the baseline listens.
    var baselineAddress: HostPort { get }
    /// Makes the baseline run; returns whether this call started it (so the caller stops it afterwards).
    ///
    /// - Throws: ``LabError`` saying why it cannot run.
    func startBaseline(progress: LabProgress) throws(LabError) -> Bool
    /// Stops a baseline ``startBaseline(progress:)`` started, and removes what it made.
    func stopBaseline()
}

extension LabController: BaselineProviding {}
