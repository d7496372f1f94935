#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

extension CaseService {
    /// One page of the cases closed from `from` (inclusive) to `to` (exclusive) that `caller`
    /// may see (only `team`'s, when given; ``CaseAccessDenied`` for a team not theirs),
    /// oldest closing first, after `after`. For transparency figures; not audited, like the
    /// queue. A caller who sees all teams can walk everything with
    /// ``CaseStore/closedCases(from:to:teams:pageSize:)`` on ``store``.
    public func closedCases(
        for caller: Reviewer, team: String? = nil, from: Date, to: Date, after: ClosedCaseCursor? = nil, limit: Int = 500
    ) async throws -> ClosedCasePage {
        try await store.closedCases(from: from, to: to, teams: try await scope(caller, team: team), after: after, limit: limit)
    }
}
