#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// Every case created in `[from, to)` (of `teams`, or all teams) that was not closed before
/// a given time, oldest first, read from the store one keyset page at a time: memory holds
/// at most one page, whatever the number of open cases. Made by
/// ``CaseStore/openCases(from:to:teams:asOf:pageSize:)``.
public typealias OpenCaseSequence = CasePageSequence<OpenCase, OpenCaseCursor>

extension CaseStore {
    /// Every case created in `[from, to)` of `teams` (all when `nil`) not closed before `asOf`
    /// (default: now), oldest first, paged `pageSize` at a time (1 to 1000) with
    /// ``openCases(from:to:teams:asOf:after:limit:)``.
    public func openCases(from: Date, to: Date, teams: [String]?, asOf: Date = Date(), pageSize: Int = 500) -> OpenCaseSequence {
        let limit = CaseStoreLimits.clamped(pageSize)
        return OpenCaseSequence { [self] cursor in
            let page = try await self.openCases(from: from, to: to, teams: teams, asOf: asOf, after: cursor, limit: limit)
            return (page.cases, page.next)
        }
    }
}
