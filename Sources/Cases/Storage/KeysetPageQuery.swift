#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// What the case listings' page requests share, in stored units: a time range
/// `[fromMillis, toMillis)`, the keyset position (time, id) to start strictly after, the page
/// size, and how rows read by several index seeks (per team or per part, `limit + 1` each, in
/// key order) become one page.
struct KeysetPageQuery {
    let fromMillis: Int64
    let toMillis: Int64
    /// The keyset position to start strictly after: the cursor's, or before everything.
    let afterMillis: Int64
    let afterID: Int64
    let limit: Int

    init(from: Date, to: Date, after: (millis: Int64, id: Int64)?, limit: Int) {
        fromMillis = CaseTime.clampedMillis(from)
        toMillis = CaseTime.clampedMillis(to)
        (afterMillis, afterID) = after ?? (Int64.min, Int64.min)
        self.limit = CaseStoreLimits.clamped(limit)
    }

    /// Whether the range can hold any case.
    var isEmpty: Bool { fromMillis >= toMillis }

    /// How many rows each seek reads: one more than a page, to know whether another follows.
    var fetchLimit: Int { limit + 1 }

    /// The page of `rows` (merged from the seeks, each in key order): sorted by `key` (time in
    /// milliseconds, id), a case read twice kept once (one read by two seeks that are not one
    /// snapshot), the first ``limit``; with the last of them when another page follows.
    func page<Row>(_ rows: [Row], key: (Row) -> (millis: Int64, id: Int64)) -> (rows: [Row], lastBeforeMore: Row?) {
        var seen = Set<Int64>()
        let ordered = rows.map { (key($0), $0) }.sorted { $0.0 < $1.0 }.filter { seen.insert($0.0.id).inserted }.map(\.1)
        let page = Array(ordered.prefix(limit))
        return (page, ordered.count > limit ? page.last : nil)
    }
}
