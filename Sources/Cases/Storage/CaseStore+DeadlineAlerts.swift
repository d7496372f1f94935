#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

extension CaseStore {
    /// ``claimDeadlineAlerts(at:dueSoonWithin:claimant:teams:reclaimUnsentAfter:limit:)`` without
    /// a lease: each claim stays taken until released.
    public func claimDeadlineAlerts(
        at now: Date, dueSoonWithin window: TimeInterval, claimant: String, teams: [String]?, limit: Int
    ) async throws -> [DeadlineAlert] {
        try await claimDeadlineAlerts(at: now, dueSoonWithin: window, claimant: claimant, teams: teams, reclaimUnsentAfter: nil, limit: limit)
    }
}
