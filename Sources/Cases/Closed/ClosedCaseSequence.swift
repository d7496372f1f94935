#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// Every case closed in `[from, to)` (of `teams`, or all teams), oldest closing first, read
/// from the store one keyset page at a time: memory holds at most one page, whatever the
/// number of closed cases. Made by ``CaseStore/closedCases(from:to:teams:pageSize:)``.
public struct ClosedCaseSequence: AsyncSequence, Sendable {
    public typealias Element = ClosedCase

    let store: any CaseStore
    let from: Date
    let to: Date
    let teams: [String]?
    let pageSize: Int

    public func makeAsyncIterator() -> Iterator {
        Iterator(sequence: self)
    }

    /// Reads the next page when the current one is used up.
    public struct Iterator: AsyncIteratorProtocol {
        let sequence: ClosedCaseSequence
        var page: [ClosedCase] = []
        var index = 0
        var cursor: ClosedCaseCursor?
        var finished = false

        init(sequence: ClosedCaseSequence) {
            self.sequence = sequence
        }

        public mutating func next() async throws -> ClosedCase? {
            while index == page.count {
                if finished { return nil }
                let fetched = try await sequence.store.closedCases(
                    from: sequence.from, to: sequence.to, teams: sequence.teams, after: cursor, limit: sequence.pageSize)
                page = fetched.cases
                index = 0
                cursor = fetched.next
                finished = fetched.next == nil
            }
            defer { index += 1 }
            return page[index]
        }
    }
}

extension CaseStore {
    /// Every case closed in `[from, to)` of `teams` (all when `nil`), oldest closing first,
    /// paged `pageSize` at a time (1 to 1000) with ``closedCases(from:to:teams:after:limit:)``.
    public func closedCases(from: Date, to: Date, teams: [String]?, pageSize: Int = 500) -> ClosedCaseSequence {
        ClosedCaseSequence(store: self, from: from, to: to, teams: teams, pageSize: CaseStoreLimits.clamped(pageSize))
    }
}
