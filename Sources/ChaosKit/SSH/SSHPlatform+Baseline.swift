// The ssh platform's baseline for `chaos bench`: the standalone server the cluster file names, used as it is.

extension SSHPlatform: BaselineProviding {
    /// The cluster file's `baseline:`, or an address nothing listens on (``startBaseline(progress:)`` refuses first).
    public var baselineAddress: HostPort { cluster.baseline ?? HostPort(host: "0.0.0.0", port: 0) }

    /// Checks that the cluster file names a baseline; chaos does not start a server on someone's host.
    public func startBaseline(progress: LabProgress) throws(LabError) -> Bool {
        guard cluster.baseline != nil else {
            throw LabError("cluster file \(file) names no baseline server",
                           hint: "add `baseline: HOST:PORT` of a standalone PostgreSQL that accepts the cluster's application user, or leave single out of --targets")
        }
        return false
    }

    /// Nothing to stop: the baseline is the user's.
    public func stopBaseline() {}
}
