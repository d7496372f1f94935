import BulwarkCore

/// One event as it sits in the chain: its number, its canonical bytes and the two hashes
/// that tie it to the record before it.
public struct AuditRecord: Hashable, Sendable {
    /// Position in the chain, from 1 with no gaps.
    public let sequence: Int64
    /// The event, decoded from ``canonicalJSON`` (so its time is rounded to the millisecond).
    public let event: AuditEvent
    /// The exact bytes that were hashed, as text (see ``CanonicalEvent``).
    public let canonicalJSON: String
    /// Lowercase hex SHA-256 of the record before (64 zeros for the first record).
    public let previousHash: String
    /// Lowercase hex SHA-256(previous hash bytes || canonical bytes).
    public let hash: String

    public init(sequence: Int64, event: AuditEvent, canonicalJSON: String, previousHash: String, hash: String) {
        self.sequence = sequence
        self.event = event
        self.canonicalJSON = canonicalJSON
        self.previousHash = previousHash
        self.hash = hash
    }
}
