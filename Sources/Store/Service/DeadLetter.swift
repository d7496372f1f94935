#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// A webhook delivery that failed on every attempt, kept so an operator can see and retry it.
public struct DeadLetter: Hashable, Sendable, Codable {
    public let id: Int64
    /// The endpoint it was meant for (it may have been removed since).
    public let webhookID: Int64
    /// The URL it was sent to.
    public let url: String
    /// The JSON body that was sent.
    public let body: String
    /// How many attempts were made.
    public let attempts: Int
    /// The last attempt's failure (HTTP status or transport error).
    public let lastError: String
    public let createdAt: Date

    public init(id: Int64, webhookID: Int64, url: String, body: String, attempts: Int, lastError: String, createdAt: Date) {
        self.id = id
        self.webhookID = webhookID
        self.url = url
        self.body = body
        self.attempts = attempts
        self.lastError = lastError
        self.createdAt = createdAt
    }
}
