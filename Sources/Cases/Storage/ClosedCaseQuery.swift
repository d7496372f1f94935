#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// One closed-case page request in stored units, shared by both stores: the closing-time
/// range and keyset (``KeysetPageQuery``), and the page made of the rows fetched.
struct ClosedCaseQuery {
    let keyset: KeysetPageQuery

    init(from: Date, to: Date, after: ClosedCaseCursor?, limit: Int) {
        keyset = KeysetPageQuery(from: from, to: to, after: after.map { ($0.millis, $0.id) }, limit: limit)
    }

    /// The page from rows read per team (or once for all teams), each in (closed, id) order.
    func page(_ rows: [ClosedCase]) -> ClosedCasePage {
        let (cases, last) = keyset.page(rows) { (CaseTime.millis($0.closedAt), $0.id) }
        return ClosedCasePage(cases: cases, next: last.map(ClosedCaseCursor.init(after:)))
    }
}
