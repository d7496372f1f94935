#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import BulwarkCore

/// One call's claim of deadline alerts, checked and in stored units, shared by both stores:
/// which deadlines each threshold covers, who claims, how many at most.
struct DeadlineAlertClaim {
    /// The longest due-soon window accepted, in seconds (the longest deadline clock).
    static let maximumWindow: TimeInterval = 366 * 86_400

    let claimedAt: Date
    let claimedMillis: Int64
    let claimant: String
    let limit: Int
    /// The teams covered, sorted without repeats; `nil` for all.
    let teams: [String]?
    private let windowEnd: Int64

    /// Throws `BulwarkError.invalidInput` for a window that is negative, not finite or over a
    /// year, and for an empty or over-long claimant.
    init(now: Date, window: TimeInterval, claimant: String, teams: [String]?, limit: Int) throws {
        guard window.isFinite, window >= 0, window <= Self.maximumWindow else {
            throw BulwarkError.invalidInput(what: "deadline alert claim", where: "dueSoonWithin", reason: "must be 0 to \(Int(Self.maximumWindow)) seconds, got \(window)")
        }
        try Self.checkClaimant(claimant)
        claimedAt = now
        claimedMillis = CaseTime.clampedMillis(now)
        windowEnd = CaseTime.clampedMillis(now.addingTimeInterval(window))
        self.claimant = claimant
        self.teams = teams.map { Array(Set($0)).sorted() }
        self.limit = CaseStoreLimits.clamped(limit)
    }

    /// Whether the claim can match no case at all (an empty team list).
    var coversNothing: Bool { teams?.isEmpty ?? false }

    /// Deadlines in `[lower, upper)` are claimed at `threshold`: before now for overdue, from
    /// now to the end of the window for due soon.
    func dueRange(_ threshold: DeadlineThreshold) -> (lower: Int64, upper: Int64) {
        switch threshold {
        case .overdue: (Int64.min, claimedMillis)
        case .dueSoon: (claimedMillis, windowEnd)
        }
    }

    /// Thresholds in claim order: overdue cases first.
    static let order: [DeadlineThreshold] = [.overdue, .dueSoon]

    /// Claimants name a server instance: 1 to 200 bytes.
    static func checkClaimant(_ claimant: String) throws {
        guard (1...200).contains(claimant.utf8.count) else {
            throw BulwarkError.invalidInput(what: "deadline alert claim", where: "claimant", reason: "must be 1 to 200 bytes")
        }
    }
}
