import BulwarkCore
import Logging
import PostgresNIO
import Store

/// The ``EvidenceCatalog`` in the PostgreSQL database shared with the banks.
public final class PostgresEvidenceCatalog: EvidenceCatalog {
    private let client: PostgresClient
    private let runTask: Task<Void, Never>
    private let logger: Logger

    private static let columns = "id, case_reference, sha256, byte_size, media_type, stored_at, expires_at, key_id"
    private typealias ItemRow = (String, String, String, Int64, String, Int64, Int64, String)

    /// Connects to `url` and applies the evidence migrations not yet recorded.
    public init(url: PostgresURL, logger: Logger = Logger(label: "bulwark.evidence")) async throws {
        let client = SharedDatabase.client(url, maximumConnections: 2)
        self.client = client
        self.logger = logger
        runTask = Task { await client.run() }
        do {
            try await SharedDatabase.migrate(EvidenceMigrations.postgres, client: client, logger: logger)
        } catch {
            runTask.cancel()
            throw error
        }
    }

    public func insert(_ item: EvidenceItem) async throws {
        try await client.query(
            """
            INSERT INTO evidence_items (\(unescaped: Self.columns))
            VALUES (\(item.id), \(item.caseReference), \(item.sha256), \(item.byteSize), \(item.mediaType),
                    \(EvidenceTime.millis(item.storedAt)), \(EvidenceTime.millis(item.expiresAt)), \(item.keyID))
            """, logger: logger)
    }

    public func item(id: String) async throws -> EvidenceItem? {
        try await items(client.query("SELECT \(unescaped: Self.columns) FROM evidence_items WHERE id = \(id)", logger: logger)).first
    }

    public func items(caseReference: String) async throws -> [EvidenceItem] {
        try await items(client.query(
            "SELECT \(unescaped: Self.columns) FROM evidence_items WHERE case_reference = \(caseReference) ORDER BY stored_at, id",
            logger: logger))
    }

    public func expired(atOrBefore millis: Int64, limit: Int) async throws -> [EvidenceItem] {
        try await items(client.query(
            "SELECT \(unescaped: Self.columns) FROM evidence_items WHERE expires_at <= \(millis) ORDER BY expires_at, id LIMIT \(limit)",
            logger: logger))
    }

    public func delete(id: String) async throws -> Bool {
        try await !items(client.query("DELETE FROM evidence_items WHERE id = \(id) RETURNING \(unescaped: Self.columns)", logger: logger)).isEmpty
    }

    public func close() async throws { runTask.cancel() }

    private func items(_ rows: PostgresRowSequence) async throws -> [EvidenceItem] {
        var result: [EvidenceItem] = []
        for try await (id, reference, sha, size, media, stored, expires, key) in rows.decode(ItemRow.self) {
            result.append(EvidenceItem(
                id: id, caseReference: reference, sha256: sha, byteSize: size, mediaType: media, storedAt: EvidenceTime.date(stored),
                expiresAt: EvidenceTime.date(expires), keyID: key))
        }
        return result
    }
}
