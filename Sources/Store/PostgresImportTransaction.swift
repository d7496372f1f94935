import BulwarkCore
import Logging
import PostgresNIO

/// Writes batches into the open transaction of an import's PostgreSQL connection, one
/// multi-row upsert (`unnest` of arrays) per batch.
struct PostgresImportTransaction: BankImportTransaction {
    let connection: PostgresConnection
    let bankID: Int64
    let logger: Logger

    func insert(_ batch: [EntryDraft]) async throws {
        let (connection, bankID, logger) = (connection, bankID, logger)
        try await PostgresConnectionWatch.run("an import batch", on: connection) {
            try await Self.upsert(batch, bankID: bankID, on: connection, logger: logger)
        }
    }

    func entryCount() async throws -> Int {
        let (connection, bankID, logger) = (connection, bankID, logger)
        return try await PostgresConnectionWatch.run("counting the bank's entries", on: connection) {
            let rows = try await connection.query("SELECT COUNT(*) FROM bank_entries WHERE bank_id = \(bankID)", logger: logger)
            for try await count in rows.decode(Int64.self) { return Int(count) }
            return 0
        }
    }

    /// Upserts `batch` (duplicates merged first) into the bank.
    static func upsert(_ batch: [EntryDraft], bankID: Int64, on connection: PostgresConnection, logger: Logger) async throws {
        let drafts = DraftBatch.mergingDuplicates(batch)
        guard !drafts.isEmpty else { return }
        let types = drafts.map(\.signal.type.rawValue)
        let values = drafts.map(\.signal.value)
        let sources = drafts.map { $0.labels.source ?? "" }
        let categories = drafts.map { $0.labels.category ?? "" }
        let ai = drafts.map(\.labels.aiGenerated.rawValue)
        let notes = drafts.map { $0.labels.note ?? "" }
        try await connection.query(
            """
            INSERT INTO bank_entries (bank_id, signal_type, value, source, category, ai_generated, note, added_at)
            SELECT \(bankID), t.signal_type, t.value, NULLIF(t.source, ''), NULLIF(t.category, ''), t.ai, NULLIF(t.note, ''),
                   \(StoreClock.nowMillis())
            FROM unnest(\(types)::text[], \(values)::text[], \(sources)::text[], \(categories)::text[], \(ai)::text[], \(notes)::text[])
                AS t(signal_type, value, source, category, ai, note)
            ON CONFLICT (bank_id, signal_type, value) DO UPDATE SET
                source = COALESCE(EXCLUDED.source, bank_entries.source),
                category = COALESCE(EXCLUDED.category, bank_entries.category),
                ai_generated = CASE EXCLUDED.ai_generated WHEN 'unknown' THEN bank_entries.ai_generated ELSE EXCLUDED.ai_generated END,
                note = COALESCE(EXCLUDED.note, bank_entries.note)
            """, logger: logger)
    }
}
