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
    /// Which claims the call takes, in order.
    let picks: [Pick]
    private let windowEnd: Int64

    /// Throws `BulwarkError.invalidInput` for a window or lease that is negative, not finite
    /// or over a year, and for an empty or over-long claimant.
    init(now: Date, window: TimeInterval, claimant: String, teams: [String]?, lease: TimeInterval?, limit: Int) throws {
        for (name, value) in [("dueSoonWithin", window), ("reclaimUnsentAfter", lease)] as [(String, TimeInterval?)] {
            guard let value else { continue }
            guard value.isFinite, value >= 0, value <= Self.maximumWindow else {
                throw BulwarkError.invalidInput(
                    what: "deadline alert claim", where: name, reason: "must be 0 to \(Int(Self.maximumWindow)) seconds, got \(value)")
            }
        }
        try Self.checkClaimant(claimant)
        claimedAt = now
        claimedMillis = CaseTime.clampedMillis(now)
        windowEnd = CaseTime.clampedMillis(now.addingTimeInterval(window))
        // Claims left unsent longer than the lease are taken over first; then fresh ones.
        picks = (lease.map { [Pick.unsent(claimedBefore: CaseTime.clampedMillis(now.addingTimeInterval(-$0)))] } ?? []) + [.unclaimed]
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

    /// Which rows one claim statement takes at a threshold.
    enum Pick {
        /// Never claimed (or released).
        case unclaimed
        /// Claimed before this time (milliseconds) and never confirmed sent: the claimant
        /// presumably died between claiming and sending.
        case unsent(claimedBefore: Int64)
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
