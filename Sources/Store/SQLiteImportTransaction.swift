import BulwarkCore
import GRDB

/// Writes batches into the open transaction of an import's own SQLite connection.
struct SQLiteImportTransaction: BankImportTransaction {
    let connection: DatabaseQueue
    let bankID: Int64

    func insert(_ batch: [EntryDraft]) async throws {
        let bankID = bankID
        try await connection.writeWithoutTransaction { db in
            let now = StoreClock.nowMillis()
            for draft in batch { try SQLiteBankStore.upsert(db, bankID: bankID, draft, now: now) }
        }
    }

    func entryCount() async throws -> Int {
        let bankID = bankID
        return try await connection.writeWithoutTransaction { db in
            try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM bank_entries WHERE bank_id = ?", arguments: [bankID]) ?? 0
        }
    }
}
