import MatchIndex

/// How `bulwark serve` listens and what it accepts.
public struct ServerConfiguration: Sendable {
    /// Address to bind (default loopback only).
    public var host: String
    public var port: Int
    /// Largest upload accepted by `/v1/hash` and `/v1/match/upload`, in bytes (413 above).
    public var maxUploadBytes: Int
    /// Largest JSON body accepted, in bytes (413 above).
    public var maxJSONBytes: Int
    /// Largest import body, in bytes (413 above). The body is streamed, never held whole.
    public var maxImportBytes: Int64
    /// Webhook retry schedule.
    public var webhookRetry: WebhookRetryPolicy

    public init(
        host: String = "127.0.0.1", port: Int = 8080, maxUploadBytes: Int = 32 << 20, maxJSONBytes: Int = 1 << 20,
        maxImportBytes: Int64 = 8 << 30, webhookRetry: WebhookRetryPolicy = WebhookRetryPolicy()
    ) {
        self.host = host
        self.port = port
        self.maxUploadBytes = maxUploadBytes
        self.maxJSONBytes = maxJSONBytes
        self.maxImportBytes = maxImportBytes
        self.webhookRetry = webhookRetry
    }
}
