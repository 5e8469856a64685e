// PgPool-II's health check settings, which decide how soon it drops a dead backend.

/// PgPool-II's health check settings (`health_check_*` in pgpool.conf).
public struct PgPoolHealthCheck: Sendable, Hashable, Codable {
    /// `health_check_period`, seconds between rounds.
    public var period: Double
    /// `health_check_timeout`, seconds one attempt may take.
    public var timeout: Double
    /// `health_check_max_retries`.
    public var retries: Int
    /// `health_check_retry_delay`, seconds between attempts.
    public var retryDelay: Double

    /// Creates the settings.
    public init(period: Double, timeout: Double, retries: Int, retryDelay: Double) {
        self.period = period
        self.timeout = timeout
        self.retries = retries
        self.retryDelay = retryDelay
    }

    /// The lab's (and the Compose stack's) settings, from infra/pgpool/pgpool.conf.
    public static let lab = PgPoolHealthCheck(period: 1, timeout: 1, retries: 3, retryDelay: 1)
}
