import BulwarkCore

extension StoredRecord {
    /// The records for `events` appended after `head`, or a throw if an event cannot be
    /// encoded or is over ``AuditLimits/maximumEventBytes``.
    static func chain(_ events: [AuditEvent], after head: ChainHead) throws -> [StoredRecord] {
        var links: [StoredRecord] = []
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
            links.append(StoredRecord(
                sequence: sequence, canonical: String(decoding: canonical, as: UTF8.self), subject: event.subject,
                atMillis: CanonicalEvent.millis(of: event.at), previousHash: previous.hash, hash: hash))
            previous = ChainHead(sequence: sequence, hash: hash)
        }
        return links
    }
}
