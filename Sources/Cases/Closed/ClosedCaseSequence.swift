#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// Every case closed in `[from, to)` (of `teams`, or all teams), oldest closing first, read
/// from the store one keyset page at a time: memory holds at most one page, whatever the
/// number of closed cases. Made by ``CaseStore/closedCases(from:to:teams:pageSize:)``.
public typealias ClosedCaseSequence = CasePageSequence<ClosedCase, ClosedCaseCursor>

extension CaseStore {
    /// Every case closed in `[from, to)` of `teams` (all when `nil`), oldest closing first,
    /// paged `pageSize` at a time (1 to 1000) with ``closedCases(from:to:teams:after:limit:)``.
    public func closedCases(from: Date, to: Date, teams: [String]?, pageSize: Int = 500) -> ClosedCaseSequence {
        let limit = CaseStoreLimits.clamped(pageSize)
        return ClosedCaseSequence { [self] cursor in
            let page = try await self.closedCases(from: from, to: to, teams: teams, after: cursor, limit: limit)
            return (page.cases, page.next)
        }
    }
}
