#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// One open-case page request in stored units, shared by both stores: the creation-time range
/// and keyset (``KeysetPageQuery``), the time the cases must not have been closed before, and
/// the page made of the rows fetched.
///
/// Each store reads two parts with the same keyset: the cases still open (partial index on
/// open cases by creation time) and the cases closed at or after ``asOfMillis`` (the
/// closed-cases index, a range holding only what closed since then).
struct OpenCaseQuery {
    let keyset: KeysetPageQuery
    let asOfMillis: Int64

    init(from: Date, to: Date, asOf: Date, after: OpenCaseCursor?, limit: Int) {
        keyset = KeysetPageQuery(from: from, to: to, after: after.map { ($0.millis, $0.id) }, limit: limit)
        asOfMillis = CaseTime.clampedMillis(asOf)
    }

    /// The page from rows read per team and part, each in (created, id) order.
    func page(_ rows: [OpenCase]) -> OpenCasePage {
        let (cases, last) = keyset.page(rows) { (CaseTime.millis($0.createdAt), $0.id) }
        return OpenCasePage(cases: cases, next: last.map(OpenCaseCursor.init(after:)))
    }
}
