import BulwarkCore

/// A row of the `audit_log` table: as either backend reads it (before it is trusted), or as
/// an append computes it (before it is written).
struct StoredRecord: Sendable {
    var sequence: Int64
    var canonical: String
    var subject: String
    var atMillis: Int64
    var previousHash: String
    var hash: String

    /// Columns in the order both backends select them.
    static let columns = "sequence, event, subject, at, previous_hash, hash"

    /// The record as the UI shows it. Throws if the canonical bytes no longer decode.
    func record() throws(BulwarkError) -> AuditRecord {
        AuditRecord(
            sequence: sequence, event: try CanonicalEvent.decode(Array(canonical.utf8)), canonicalJSON: canonical,
            previousHash: previousHash, hash: hash)
    }
}
