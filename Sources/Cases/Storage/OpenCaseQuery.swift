#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// One open-case page request in stored units, shared by both stores: the creation-time
/// range, the time the cases must have been open at, where to start, and how rows fetched
/// (per team and per part, `limit + 1` each) become a page.
///
/// Each store reads two parts with the same keyset: the cases still open (partial index on
/// open cases by creation time) and the cases closed at or after ``asOfMillis`` (the
/// closed-cases index, a range holding only what closed since then).
struct OpenCaseQuery {
    let fromMillis: Int64
    let toMillis: Int64
    let asOfMillis: Int64
    /// The keyset position to start strictly after: the cursor, or before everything.
    let after: OpenCaseCursor
    let limit: Int

    init(from: Date, to: Date, asOf: Date, after: OpenCaseCursor?, limit: Int) {
        fromMillis = CaseTime.clampedMillis(from)
        toMillis = CaseTime.clampedMillis(to)
        asOfMillis = CaseTime.clampedMillis(asOf)
        self.after = after ?? OpenCaseCursor(createdMillis: Int64.min, id: Int64.min)
        self.limit = CaseStoreLimits.clamped(limit)
    }

    /// Whether the range can hold any case.
    var isEmpty: Bool { fromMillis >= toMillis }

    /// How many rows each query reads: one more than a page, to know whether another follows.
    var fetchLimit: Int { limit + 1 }

    /// The page from rows read per team and part, each in (created, id) order. A case read
    /// twice (closed, or moved to another listed team, between two of the queries when they
    /// are not one snapshot) is kept once.
    func page(_ rows: [OpenCase]) -> OpenCasePage {
        var seen = Set<Int64>()
        let ordered = rows.sorted { (CaseTime.millis($0.createdAt), $0.id) < (CaseTime.millis($1.createdAt), $1.id) }
            .filter { seen.insert($0.id).inserted }
        let page = Array(ordered.prefix(limit))
        return OpenCasePage(cases: page, next: ordered.count > limit ? page.last.map(OpenCaseCursor.init(after:)) : nil)
    }
}
