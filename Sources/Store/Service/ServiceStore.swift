/// Storage of what the server needs beside banks: API keys, webhook endpoints and
/// dead-lettered deliveries. It lives in the same database as the banks (SQLite file or
/// PostgreSQL), in tables created by ``ServiceMigrations`` (versions 100 and up).
/// Unknown ids throw `BulwarkError.notFound`.
public protocol ServiceStore: Sendable {
    // MARK: API keys

    /// Stores a new key. Throws `.conflict` if `keyID` is taken.
    func createAPIKey(keyID: String, name: String, role: APIRole, secretHash: String) async throws -> APIKeyRecord
    /// All keys, revoked ones included, by id.
    func listAPIKeys() async throws -> [APIKeyRecord]
    /// The key with this public id, revoked or not.
    func apiKey(keyID: String) async throws -> APIKeyRecord?
    /// Revokes the key with this public id (or row id, when all digits). Throws `.notFound`.
    func revokeAPIKey(_ reference: String) async throws -> APIKeyRecord

    // MARK: Webhooks

    /// Stores an endpoint sent the given kinds of event.
    func createWebhook(url: String, secret: String, events: Set<WebhookEventKind>) async throws -> WebhookEndpoint
    func listWebhooks() async throws -> [WebhookEndpoint]
    /// Throws `.notFound`.
    func deleteWebhook(id: Int64) async throws

    // MARK: Dead letters

    func addDeadLetter(webhookID: Int64, url: String, body: String, attempts: Int, lastError: String) async throws -> DeadLetter
    func listDeadLetters(afterID: Int64, limit: Int) async throws -> [DeadLetter]
    /// Throws `.notFound`.
    func deadLetter(id: Int64) async throws -> DeadLetter
    /// Throws `.notFound`.
    func deleteDeadLetter(id: Int64) async throws

    /// Releases connections.
    func close() async throws
}

extension ServiceStore {
    /// Stores an endpoint sent match events.
    public func createWebhook(url: String, secret: String) async throws -> WebhookEndpoint {
        try await createWebhook(url: url, secret: secret, events: [.match])
    }
}
