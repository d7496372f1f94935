#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// A deadline alert claimed for sending (see ``CaseStore/claimDeadlineAlerts(at:dueSoonWithin:claimant:teams:reclaimUnsentAfter:limit:)``).
///
/// It names the case and says what is due when, and how urgent the case is, but carries no
/// content: only ids, team, kind, category, deadline and priority facts, so it is safe to
/// post to a webhook or a chat channel as it is (it is `Codable`).
public struct DeadlineAlert: Hashable, Sendable, Codable {
    public var caseID: Int64
    /// The team whose queue held the case when the alert was claimed.
    public var team: String
    public var kind: CaseKind
    /// The combined category, when assessed.
    public var category: String?
    /// When a decision is due.
    public var dueAt: Date
    public var threshold: DeadlineThreshold
    /// Queue order (see ``CasePriority``); smaller is more urgent.
    public var priorityRank: Int64
    /// Matched a known-real-victims bank (the top priority tier).
    public var knownRealVictims: Bool
    /// May show a real child (the second tier).
    public var mayShowRealChild: Bool
    /// When the alert was claimed.
    public var claimedAt: Date
    /// Who claimed it (a server instance name).
    public var claimedBy: String

    public init(
        caseID: Int64, team: String, kind: CaseKind, category: String?, dueAt: Date, threshold: DeadlineThreshold,
        priorityRank: Int64, knownRealVictims: Bool, mayShowRealChild: Bool, claimedAt: Date, claimedBy: String
    ) {
        self.caseID = caseID
        self.team = team
        self.kind = kind
        self.category = category
        self.dueAt = dueAt
        self.threshold = threshold
        self.priorityRank = priorityRank
        self.knownRealVictims = knownRealVictims
        self.mayShowRealChild = mayShowRealChild
        self.claimedAt = claimedAt
        self.claimedBy = claimedBy
    }

    /// The audit subject of the case, `case:ID`.
    public var auditSubject: String { "case:\(caseID)" }

    /// Whether the alert should still be sent, given the case as it is now: it must still be
    /// open and in the team the alert names. A case closed, deleted or moved to another team
    /// since the claim is not alerted (moving it resets its claims, so the new team is
    /// alerted on a later claim instead).
    public func isCurrent(for current: ReviewCase?) -> Bool {
        guard let current else { return false }
        return current.id == caseID && current.status == .open && current.team == team
    }
}
