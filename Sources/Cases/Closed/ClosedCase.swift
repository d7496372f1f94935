#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// A closed case as transparency reporting counts it: what it was (kind, origin of its first
/// report, combined category and age band), how it ended and when. Carries no content, no
/// URL, no content hash and no reasons.
public struct ClosedCase: Hashable, Sendable, Codable, Identifiable {
    public let id: Int64
    /// The team whose queue held it when it was closed.
    public var team: String
    public var kind: CaseKind
    /// Where the case's first report came from (a bank match, a user or partner report, a
    /// text, model or provenance finding). Later repeat reports do not change it.
    public var origin: CaseSource.Origin
    /// Combined category of the reviewers' latest assessments; `nil` if never assessed
    /// (e.g. closed as a duplicate).
    public var category: String?
    /// Combined (youngest) age band; `nil` if never assessed.
    public var ageBand: String?
    public var outcome: CaseOutcome
    /// How many reports and hits joined the case, the first included.
    public var reportCount: Int
    /// Matched a known-real-victims bank.
    public var knownRealVictims: Bool
    /// May show a real child.
    public var mayShowRealChild: Bool
    /// When the case opened.
    public var createdAt: Date
    /// When it was closed.
    public var closedAt: Date

    public init(
        id: Int64, team: String, kind: CaseKind, origin: CaseSource.Origin, category: String?, ageBand: String?,
        outcome: CaseOutcome, reportCount: Int, knownRealVictims: Bool, mayShowRealChild: Bool, createdAt: Date, closedAt: Date
    ) {
        self.id = id
        self.team = team
        self.kind = kind
        self.origin = origin
        self.category = category
        self.ageBand = ageBand
        self.outcome = outcome
        self.reportCount = reportCount
        self.knownRealVictims = knownRealVictims
        self.mayShowRealChild = mayShowRealChild
        self.createdAt = createdAt
        self.closedAt = closedAt
    }

    /// Seconds from opening to closing (never negative).
    public var timeToClose: TimeInterval { max(0, closedAt.timeIntervalSince(createdAt)) }
}
