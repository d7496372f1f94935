#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// Where a queue page ends: the last case's (rank, due, id). The next page starts strictly
/// after it, so paging is a keyset seek on the queue index, never an OFFSET scan.
public struct QueueCursor: Hashable, Sendable, CustomStringConvertible {
    public var priorityRank: Int64
    /// Due time in milliseconds since 1970.
    public var dueMillis: Int64
    public var id: Int64

    public init(priorityRank: Int64, dueMillis: Int64, id: Int64) {
        self.priorityRank = priorityRank
        self.dueMillis = dueMillis
        self.id = id
    }

    /// The cursor after `reviewCase`.
    public init(after reviewCase: ReviewCase) {
        self.init(priorityRank: reviewCase.priorityRank, dueMillis: CaseTime.millis(reviewCase.dueAt), id: reviewCase.id)
    }

    /// The cursor as a URL-safe token, `RANK.DUE.ID`.
    public var token: String { "\(priorityRank).\(dueMillis).\(id)" }

    /// Parses a token made by ``token``; `nil` for anything else.
    public init?(token: String) {
        let parts = token.split(separator: ".", omittingEmptySubsequences: false)
        guard token.utf8.count <= 64, parts.count == 3,
              let rank = Int64(parts[0]), let due = Int64(parts[1]), let id = Int64(parts[2]) else { return nil }
        self.init(priorityRank: rank, dueMillis: due, id: id)
    }

    public var description: String { token }

    /// Whether a case with these keys comes after the cursor in queue order.
    public func precedes(rank: Int64, dueMillis due: Int64, id other: Int64) -> Bool {
        (priorityRank, dueMillis, id) < (rank, due, other)
    }
}

/// One page of the queue.
public struct QueuePage: Hashable, Sendable {
    /// The cases, in queue order.
    public var cases: [ReviewCase]
    /// Where the next page starts; `nil` on the last page.
    public var next: QueueCursor?

    public init(cases: [ReviewCase], next: QueueCursor?) {
        self.cases = cases
        self.next = next
    }
}
