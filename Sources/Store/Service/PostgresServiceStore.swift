import BulwarkCore
import Logging
import PostgresNIO

/// The ``ServiceStore`` in the PostgreSQL database of a ``PostgresBankStore``.
public final class PostgresServiceStore: ServiceStore {
    private let client: PostgresClient
    private let runTask: Task<Void, Never>
    private let logger: Logger

    /// Connects to `url` and applies the service migrations not yet recorded (under the
    /// same advisory lock the bank store's runner takes).
    public init(url: PostgresURL, logger: Logger = Logger(label: "bulwark.store.service")) async throws {
        let client = PostgresClient(configuration: url.clientConfiguration(maximumConnections: 4))
        self.client = client
        self.logger = logger
        runTask = Task { await client.run() }
        do {
            try await migrate()
        } catch {
            runTask.cancel()
            throw error
        }
    }

    private func migrate() async throws {
        try await PostgresMigrator.apply(ServiceMigrations.postgres, client: client, logger: logger)
    }

    // MARK: API keys

    private static let keyColumns = "id, key_id, name, role, secret_hash, created_at, revoked_at"
    private typealias KeyRow = (Int64, String, String, String, String, Int64, Int64?)

    public func createAPIKey(keyID: String, name: String, role: APIRole, secretHash: String) async throws -> APIKeyRecord {
        do {
            let rows = try await client.query(
                """
                INSERT INTO api_keys (key_id, name, role, secret_hash, created_at)
                VALUES (\(keyID), \(name), \(role.rawValue), \(secretHash), \(StoreClock.nowMillis()))
                RETURNING \(unescaped: Self.keyColumns)
                """, logger: logger)
            guard let key = try await keys(rows).first else { throw BulwarkError.notFound(what: "API key", id: keyID) }
            return key
        } catch let error as PSQLError where error.serverInfo?[.sqlState] == "23505" {
            throw BulwarkError.conflict("an API key with id \(keyID) already exists")
        }
    }

    public func listAPIKeys() async throws -> [APIKeyRecord] {
        try await keys(client.query("SELECT \(unescaped: Self.keyColumns) FROM api_keys ORDER BY id", logger: logger))
    }

    public func apiKey(keyID: String) async throws -> APIKeyRecord? {
        try await keys(client.query("SELECT \(unescaped: Self.keyColumns) FROM api_keys WHERE key_id = \(keyID)", logger: logger)).first
    }

    public func revokeAPIKey(_ reference: String) async throws -> APIKeyRecord {
        let now = StoreClock.nowMillis()
        let rows: PostgresRowSequence
        if let id = Int64(reference) {
            rows = try await client.query(
                "UPDATE api_keys SET revoked_at = COALESCE(revoked_at, \(now)) WHERE id = \(id) RETURNING \(unescaped: Self.keyColumns)",
                logger: logger)
        } else {
            rows = try await client.query(
                "UPDATE api_keys SET revoked_at = COALESCE(revoked_at, \(now)) WHERE key_id = \(reference) RETURNING \(unescaped: Self.keyColumns)",
                logger: logger)
        }
        guard let key = try await keys(rows).first else { throw BulwarkError.notFound(what: "API key", id: reference) }
        return key
    }

    private func keys(_ rows: PostgresRowSequence) async throws -> [APIKeyRecord] {
        var result: [APIKeyRecord] = []
        for try await (id, keyID, name, role, hash, created, revoked) in rows.decode(KeyRow.self) {
            guard let role = APIRole(rawValue: role) else { continue }
            result.append(APIKeyRecord(
                id: id, keyID: keyID, name: name, role: role, secretHash: hash, createdAt: StoreClock.date(millis: created),
                revokedAt: revoked.map(StoreClock.date(millis:))))
        }
        return result
    }

    // MARK: Webhooks

    private typealias WebhookRow = (Int64, String, String, Int64, String)

    public func createWebhook(url: String, secret: String, events: Set<WebhookEventKind>) async throws -> WebhookEndpoint {
        let stored = WebhookEventKind.stored(events)
        let rows = try await client.query(
            """
            INSERT INTO webhooks (url, secret, created_at, events) VALUES (\(url), \(secret), \(StoreClock.nowMillis()), \(stored))
            RETURNING id, url, secret, created_at, events
            """, logger: logger)
        guard let hook = try await webhooks(rows).first else { throw BulwarkError.notFound(what: "webhook", id: url) }
        return hook
    }

    public func listWebhooks() async throws -> [WebhookEndpoint] {
        try await webhooks(client.query("SELECT id, url, secret, created_at, events FROM webhooks ORDER BY id", logger: logger))
    }

    public func deleteWebhook(id: Int64) async throws {
        let rows = try await client.query("DELETE FROM webhooks WHERE id = \(id) RETURNING id, url, secret, created_at, events", logger: logger)
        guard try await !webhooks(rows).isEmpty else { throw BulwarkError.notFound(what: "webhook", id: "\(id)") }
    }

    private func webhooks(_ rows: PostgresRowSequence) async throws -> [WebhookEndpoint] {
        var result: [WebhookEndpoint] = []
        for try await (id, url, secret, created, events) in rows.decode(WebhookRow.self) {
            result.append(WebhookEndpoint(id: id, url: url, secret: secret, createdAt: StoreClock.date(millis: created),
                                          events: WebhookEventKind.parseStored(events)))
        }
        return result
    }

    // MARK: Dead letters

    private static let letterColumns = "id, webhook_id, url, body, attempts, last_error, created_at"
    private typealias LetterRow = (Int64, Int64, String, String, Int, String, Int64)

    public func addDeadLetter(webhookID: Int64, url: String, body: String, attempts: Int, lastError: String) async throws -> DeadLetter {
        let rows = try await client.query(
            """
            INSERT INTO webhook_dead_letters (webhook_id, url, body, attempts, last_error, created_at)
            VALUES (\(webhookID), \(url), \(body), \(attempts), \(lastError), \(StoreClock.nowMillis()))
            RETURNING \(unescaped: Self.letterColumns)
            """, logger: logger)
        guard let letter = try await letters(rows).first else { throw BulwarkError.notFound(what: "dead letter", id: url) }
        return letter
    }

    public func listDeadLetters(afterID: Int64, limit: Int) async throws -> [DeadLetter] {
        try await letters(client.query(
            "SELECT \(unescaped: Self.letterColumns) FROM webhook_dead_letters WHERE id > \(afterID) ORDER BY id LIMIT \(limit)",
            logger: logger))
    }

    public func deadLetter(id: Int64) async throws -> DeadLetter {
        let rows = try await client.query(
            "SELECT \(unescaped: Self.letterColumns) FROM webhook_dead_letters WHERE id = \(id)", logger: logger)
        guard let letter = try await letters(rows).first else { throw BulwarkError.notFound(what: "dead letter", id: "\(id)") }
        return letter
    }

    public func deleteDeadLetter(id: Int64) async throws {
        let rows = try await client.query(
            "DELETE FROM webhook_dead_letters WHERE id = \(id) RETURNING \(unescaped: Self.letterColumns)", logger: logger)
        guard try await !letters(rows).isEmpty else { throw BulwarkError.notFound(what: "dead letter", id: "\(id)") }
    }

    private func letters(_ rows: PostgresRowSequence) async throws -> [DeadLetter] {
        var result: [DeadLetter] = []
        for try await (id, webhookID, url, body, attempts, lastError, created) in rows.decode(LetterRow.self) {
            result.append(DeadLetter(
                id: id, webhookID: webhookID, url: url, body: body, attempts: attempts, lastError: lastError,
                createdAt: StoreClock.date(millis: created)))
        }
        return result
    }

    public func close() async throws {
        runTask.cancel()
    }
}
