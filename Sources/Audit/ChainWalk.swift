import BulwarkCore

/// Walks a chain page by page (memory stays flat however long it is) and stops at the first
/// problem. Both backends feed it their rows in ascending order, so they verify identically.
struct ChainWalk {
    /// Rows per page, bounded.
    let pageSize: Int
    /// The anchor to compare against, if any.
    let anchor: ChainHead?
    /// The last good record so far.
    private(set) var last = ChainHead.empty
    private(set) var checked: Int64 = 0
    private(set) var problem: AuditProblem?

    init(pageSize: Int, anchor: ChainHead?) {
        self.pageSize = max(1, min(pageSize, 100_000))
        self.anchor = anchor
    }

    /// Checks one page; returns true when the walk should fetch the next page.
    mutating func consume(_ page: [StoredRecord]) -> Bool {
        for row in page {
            if let found = Self.check(row, after: last) {
                problem = found
                return false
            }
            checked += 1
            last = ChainHead(sequence: row.sequence, hash: row.hash)
            if let anchor, anchor.sequence == row.sequence, anchor.hash != row.hash {
                problem = .anchorMismatch(sequence: anchor.sequence, anchor: anchor)
                return false
            }
        }
        return page.count == pageSize
    }

    /// The verdict once all pages are consumed, comparing the end with `head` and the anchor.
    func finish(head: ChainHead) -> AuditVerification {
        AuditVerification(recordsChecked: checked, lastRecord: last, problem: problem ?? endProblem(head: head))
    }

    private func endProblem(head: ChainHead) -> AuditProblem? {
        if head.sequence > last.sequence { return .tailMissing(from: last.sequence + 1, to: head.sequence) }
        if head != last { return .headMismatch(sequence: last.sequence, head: head) }
        if let anchor, anchor.sequence > last.sequence { return .anchorMismatch(sequence: anchor.sequence, anchor: anchor) }
        return nil
    }

    /// The problem with `row` following `previous`, if any.
    static func check(_ row: StoredRecord, after previous: ChainHead) -> AuditProblem? {
        if row.sequence != previous.sequence + 1 {
            return .missingRecords(from: previous.sequence + 1, to: row.sequence - 1)
        }
        if row.previousHash != previous.hash {
            return .previousHashMismatch(sequence: row.sequence)
        }
        let canonical = Array(row.canonical.utf8)
        guard ChainHash.next(previous: previous.hash, canonical: canonical) == row.hash else {
            return .hashMismatch(sequence: row.sequence)
        }
        let event: AuditEvent
        do {
            event = try CanonicalEvent.decode(canonical)
        } catch {
            return .unreadableRecord(sequence: row.sequence, reason: error.description)
        }
        if event.subject != row.subject {
            return .unreadableRecord(
                sequence: row.sequence, reason: "subject column \"\(row.subject)\" differs from the hashed event's \"\(event.subject)\"")
        }
        if CanonicalEvent.millis(of: event.at) != row.atMillis {
            return .unreadableRecord(sequence: row.sequence, reason: "at column \(row.atMillis) differs from the hashed event's time")
        }
        return nil
    }
}
