import BulwarkCore

/// A row of the `audit_log` table as either backend reads it, before it is trusted.
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

/// A record ready to insert: the next link computed from the head it follows.
struct NewLink: Sendable {
    var sequence: Int64
    var canonical: String
    var subject: String
    var atMillis: Int64
    var previousHash: String
    var hash: String

    /// The links for `events` appended after `head`, or a throw if an event cannot be
    /// encoded or is over ``AuditLimits/maximumEventBytes``.
    static func chain(_ events: [AuditEvent], after head: ChainHead) throws -> [NewLink] {
        var links: [NewLink] = []
        links.reserveCapacity(events.count)
        var previous = head
        for event in events {
            let canonical = try CanonicalEvent.encode(event)
            guard canonical.count <= AuditLimits.maximumEventBytes else {
                throw BulwarkError.limitExceeded(
                    what: "audit event \(event.action) on \(event.subject)", limit: "\(AuditLimits.maximumEventBytes) bytes",
                    actual: "\(canonical.count) bytes")
            }
            guard let hash = ChainHash.next(previous: previous.hash, canonical: canonical) else {
                throw BulwarkError.invalidInput(what: "audit chain head", where: "sequence \(previous.sequence)", reason: "hash is not 64 hex digits")
            }
            let (sequence, overflow) = previous.sequence.addingReportingOverflow(1)
            guard !overflow else { throw BulwarkError.limitExceeded(what: "audit sequence", limit: "\(Int64.max)", actual: "more") }
            links.append(NewLink(
                sequence: sequence, canonical: String(decoding: canonical, as: UTF8.self), subject: event.subject,
                atMillis: CanonicalEvent.millis(of: event.at), previousHash: previous.hash, hash: hash))
            previous = ChainHead(sequence: sequence, hash: hash)
        }
        return links
    }

    /// The record this link becomes once stored.
    func record() throws -> AuditRecord {
        AuditRecord(
            sequence: sequence, event: try CanonicalEvent.decode(Array(canonical.utf8)), canonicalJSON: canonical,
            previousHash: previousHash, hash: hash)
    }
}

/// Limits that keep rows and pages bounded.
public enum AuditLimits {
    /// The largest canonical event accepted (64 KiB): details are facts, not documents.
    public static let maximumEventBytes = 65_536
    /// The most events one ``AuditLog/append(_:)`` call takes.
    public static let maximumBatch = 10_000
    /// The most records one query page returns.
    public static let maximumPage = 1_000
}
