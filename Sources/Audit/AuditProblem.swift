/// The first thing wrong with an audit chain, as ``AuditLog/verify(anchor:pageSize:)`` finds it.
/// Every case names the sequence number where the chain stops being trustworthy.
public enum AuditProblem: Hashable, Sendable, CustomStringConvertible {
    /// The record's stored hash is not SHA-256(previous hash || canonical bytes): its event
    /// (or its hash) was changed after it was written.
    case hashMismatch(sequence: Int64)
    /// The record's canonical bytes are not a canonical event, or a searchable column
    /// (`subject`, `at`) disagrees with them.
    case unreadableRecord(sequence: Int64, reason: String)
    /// Records `from...to` are missing: deleted from the middle (or the start) of the chain.
    case missingRecords(from: Int64, to: Int64)
    /// The record does not point at the hash of the record before it: a record before it was
    /// removed, replaced or reordered.
    case previousHashMismatch(sequence: Int64)
    /// The head table says the chain is longer than the records present: the tail from
    /// `from` to `to` was deleted.
    case tailMissing(from: Int64, to: Int64)
    /// The head table disagrees with the last record in another way (a different hash, or
    /// records past the head that were not appended through the log).
    case headMismatch(sequence: Int64, head: ChainHead)
    /// The external anchor names a record that is gone or whose hash differs: the chain was
    /// rewritten from `sequence` on (or truncated before it), head table included.
    case anchorMismatch(sequence: Int64, anchor: ChainHead)

    /// The sequence number where the problem starts.
    public var sequence: Int64 {
        switch self {
        case let .hashMismatch(sequence), let .unreadableRecord(sequence, _), let .previousHashMismatch(sequence),
             let .headMismatch(sequence, _), let .anchorMismatch(sequence, _):
            return sequence
        case let .missingRecords(from, _), let .tailMissing(from, _):
            return from
        }
    }

    public var description: String {
        switch self {
        case let .hashMismatch(sequence):
            return "record \(sequence) was edited: its hash does not match its contents"
        case let .unreadableRecord(sequence, reason):
            return "record \(sequence) is not a valid audit record: \(reason)"
        case let .missingRecords(from, to):
            return from == to ? "record \(from) is missing (deleted)" : "records \(from) to \(to) are missing (deleted)"
        case let .previousHashMismatch(sequence):
            return "record \(sequence) does not follow the record before it (previous-hash mismatch): a record was removed or replaced"
        case let .tailMissing(from, to):
            return from == to
                ? "record \(from) at the end of the chain is missing (the head table says the chain ends at \(to))"
                : "records \(from) to \(to) at the end of the chain are missing (the head table says the chain ends at \(to))"
        case let .headMismatch(sequence, head):
            return "the chain ends at record \(sequence) but the head table says \(head)"
        case let .anchorMismatch(sequence, anchor):
            return "the chain does not contain the anchored record \(sequence) (anchor: \(anchor)): it was truncated or rewritten"
        }
    }
}
