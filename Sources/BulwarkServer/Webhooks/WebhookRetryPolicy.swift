/// How webhook deliveries are retried: exponential backoff from `initialDelay`, doubling
/// per attempt up to `maxDelay`, at most `maxAttempts` attempts in all; then the delivery
/// goes to the dead-letter list.
public struct WebhookRetryPolicy: Hashable, Sendable {
    public var maxAttempts: Int
    public var initialDelay: Duration
    public var maxDelay: Duration
    /// Time allowed for one attempt.
    public var timeout: Duration

    public init(
        maxAttempts: Int = 6, initialDelay: Duration = .milliseconds(500), maxDelay: Duration = .seconds(60),
        timeout: Duration = .seconds(10)
    ) {
        self.maxAttempts = max(1, maxAttempts)
        self.initialDelay = initialDelay
        self.maxDelay = maxDelay
        self.timeout = timeout
    }

    /// The wait after failed attempt number `attempt` (1-based).
    public func delay(afterAttempt attempt: Int) -> Duration {
        var delay = initialDelay
        for _ in 1..<max(1, attempt) {
            delay = delay * 2
            if delay >= maxDelay { return maxDelay }
        }
        return min(delay, maxDelay)
    }
}
