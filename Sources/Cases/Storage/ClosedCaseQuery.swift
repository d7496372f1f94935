#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// One closed-case page request in stored units, shared by both stores: the closing-time
/// range, where to start, and how rows fetched (per team, `limit + 1` each) become a page.
struct ClosedCaseQuery {
    let fromMillis: Int64
    let toMillis: Int64
    /// The keyset position to start strictly after: the cursor, or before everything.
    let after: ClosedCaseCursor
    let limit: Int

    init(from: Date, to: Date, after: ClosedCaseCursor?, limit: Int) {
        fromMillis = CaseTime.clampedMillis(from)
        toMillis = CaseTime.clampedMillis(to)
        self.after = after ?? ClosedCaseCursor(closedMillis: Int64.min, id: Int64.min)
        self.limit = CaseStoreLimits.clamped(limit)
    }

    /// Whether the range can hold any case.
    var isEmpty: Bool { fromMillis >= toMillis }

    /// How many rows each query reads: one more than a page, to know whether another follows.
    var fetchLimit: Int { limit + 1 }

    /// The page from rows read per team (or once for all teams), each in (closed, id) order.
    func page(_ rows: [ClosedCase]) -> ClosedCasePage {
        let ordered = rows.sorted { (CaseTime.millis($0.closedAt), $0.id) < (CaseTime.millis($1.closedAt), $1.id) }
        let page = Array(ordered.prefix(limit))
        return ClosedCasePage(cases: page, next: ordered.count > limit ? page.last.map(ClosedCaseCursor.init(after:)) : nil)
    }
}
