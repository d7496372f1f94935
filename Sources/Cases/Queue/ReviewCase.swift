#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import BulwarkCore

/// A case in the review queue: one item (or one reported target) with every report and
/// pipeline reason that led to it, its current combined assessment and where it stands.
public struct ReviewCase: Hashable, Sendable, Codable, Identifiable {
    public let id: Int64
    /// The team whose queue holds it.
    public var team: String
    public var kind: CaseKind
    public var status: CaseStatus
    /// Queue order (see ``CasePriority``); smaller first.
    public var priorityRank: Int64
    /// When a decision is due.
    public var dueAt: Date
    public var createdAt: Date
    public var updatedAt: Date
    /// The content hash reports are grouped by.
    public var contentHash: String?
    /// The normalized URL reports are grouped by.
    public var url: String?
    /// How many drafts (reports and hits) joined this case, the first included.
    public var reportCount: Int
    /// Matched a known-real-victims bank.
    public var knownRealVictims: Bool
    /// May show a real child.
    public var mayShowRealChild: Bool
    /// Every pipeline reason, without repeats, in order of arrival.
    public var reasons: [Reason]
    /// Combined category of the reviewers' latest assessments.
    public var category: String?
    /// Combined (youngest) age band of the reviewers' latest assessments.
    public var ageBand: String?
    public var secondOpinion: SecondOpinionStatus
    /// How it was closed.
    public var outcome: CaseOutcome?
    public var closedAt: Date?
    public var closedBy: String?

    public init(
        id: Int64, team: String, kind: CaseKind, status: CaseStatus, priorityRank: Int64, dueAt: Date, createdAt: Date,
        updatedAt: Date, contentHash: String?, url: String?, reportCount: Int, knownRealVictims: Bool, mayShowRealChild: Bool,
        reasons: [Reason], category: String?, ageBand: String?, secondOpinion: SecondOpinionStatus, outcome: CaseOutcome?,
        closedAt: Date?, closedBy: String?
    ) {
        self.id = id
        self.team = team
        self.kind = kind
        self.status = status
        self.priorityRank = priorityRank
        self.dueAt = dueAt
        self.createdAt = createdAt
        self.updatedAt = updatedAt
        self.contentHash = contentHash
        self.url = url
        self.reportCount = reportCount
        self.knownRealVictims = knownRealVictims
        self.mayShowRealChild = mayShowRealChild
        self.reasons = reasons
        self.category = category
        self.ageBand = ageBand
        self.secondOpinion = secondOpinion
        self.outcome = outcome
        self.closedAt = closedAt
        self.closedBy = closedBy
    }

    /// Whether the case is open and past its deadline at `now`.
    public func isOverdue(at now: Date) -> Bool { status == .open && dueAt < now }

    /// The audit subject for this case, `case:ID`.
    public var auditSubject: String { "case:\(id)" }
}
