#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// A configured webhook: where events are POSTed, which kinds it is sent, and the secret
/// that signs them.
public struct WebhookEndpoint: Hashable, Sendable, Codable {
    public let id: Int64
    /// An `http` or `https` URL.
    public let url: String
    /// The HMAC-SHA256 key. It must be kept to sign deliveries, so it is stored as given.
    public let secret: String
    public let createdAt: Date
    /// The kinds of event it is sent (endpoints made before kinds existed get matches).
    public let events: Set<WebhookEventKind>

    public init(id: Int64, url: String, secret: String, createdAt: Date, events: Set<WebhookEventKind> = [.match]) {
        self.id = id
        self.url = url
        self.secret = secret
        self.createdAt = createdAt
        self.events = events
    }
}
