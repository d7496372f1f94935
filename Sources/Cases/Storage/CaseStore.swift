#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// Storage of the review queue: cases, their sources, assessments and decisions, team
/// membership and reviewer exposure. Implemented on SQLite (``SQLiteCaseStore``) and
/// PostgreSQL (``PostgresCaseStore``) in the same database as the banks; tables come from
/// ``CaseMigrations`` (versions 200-299). Rules (validation, priority, second opinion, access)
/// live in ``CaseService``; the store applies them atomically through the closures it is given.
public protocol CaseStore: Sendable {
    // MARK: Cases

    /// Opens a case for `draft`, or, if an open case has the same content hash or the same
    /// normalized URL, joins it: one more report, the draft's source and new reasons added,
    /// real-child flags OR-ed, the earlier deadline kept. `rank` gives the priority of the
    /// resulting case. Grouping is atomic: two drafts for the same item never open two cases.
    func intake(_ draft: CaseDraft, dueAt: Date, at: Date, rank: @escaping @Sendable (ReviewCase) -> Int64) async throws -> IntakeResult

    /// Inserts prepared open cases without grouping, in one transaction (bulk loads, benchmarks).
    func insertOpenCases(_ cases: [NewCase]) async throws

    /// The case, or `nil`.
    func reviewCase(id: Int64) async throws -> ReviewCase?

    /// The case with its sources, assessments and events, or `nil`.
    func detail(id: Int64) async throws -> CaseDetail?

    /// One page of open cases of `teams` (all teams when `nil`) in queue order: priority
    /// rank, then deadline, then id, starting strictly after `after`. Keyset-paged on an index.
    func queue(teams: [String]?, after: QueueCursor?, limit: Int) async throws -> QueuePage

    /// Number of open cases per team, for `teams` (all when `nil`).
    func openCounts(teams: [String]?) async throws -> [String: Int]

    /// Open cases of `teams` due before `before` (and not before `notBefore`, when given),
    /// earliest deadline first, at most `limit`.
    func due(teams: [String]?, before: Date, notBefore: Date?, limit: Int) async throws -> [ReviewCase]

    /// Appends `assessment` by `reviewer` to the open case and, in the same transaction, sets
    /// what `derive` computes from the case's detail with the new assessment included.
    /// Throws ``CaseDecisionRefused`` if the case is closed, `BulwarkError.notFound` if absent.
    func recordAssessment(
        caseID: Int64, reviewer: String, assessment: Assessment, at: Date,
        derive: @escaping @Sendable (CaseDetail) throws -> AssessmentUpdate
    ) async throws -> ReviewCase

    /// Closes the open case with `outcome`. When `requireAgreement` is set, refuses (with
    /// ``CaseDecisionRefused``) a case whose second opinion is awaiting or disagreed.
    func close(caseID: Int64, outcome: CaseOutcome, actor: String, note: String?, requireAgreement: Bool, at: Date) async throws -> ReviewCase

    /// Moves the open case to `team`. Its deadline-alert claims are reset, so the new team
    /// is alerted on a later claim.
    func reassign(caseID: Int64, team: String, actor: String, at: Date) async throws -> ReviewCase

    // MARK: Closed cases

    /// One page of the cases closed from `from` (inclusive) to `to` (exclusive), of `teams`
    /// (all teams when `nil`), ordered by closing time then id, starting strictly after
    /// `after`, at most `limit` (1 to 1000). A range seek on the closed-cases index; to walk
    /// every page use ``closedCases(from:to:teams:pageSize:)``.
    func closedCases(from: Date, to: Date, teams: [String]?, after: ClosedCaseCursor?, limit: Int) async throws -> ClosedCasePage

    // MARK: Open cases

    /// One page of the cases created from `from` (inclusive) to `to` (exclusive), of `teams`
    /// (all teams when `nil`), that were not closed before `asOf`: still open when read, or
    /// closed at or after `asOf`. Ordered by creation time then id, starting strictly after
    /// `after`, at most `limit` (1 to 1000). A range seek on the open-cases-by-creation index,
    /// plus one on the closed-cases index for the few cases closed since `asOf`. Together with
    /// ``closedCases(from:to:teams:after:limit:)`` of cases closed before the same `asOf`,
    /// every case counts exactly once, open or closed, even when cases close during the
    /// walk. To walk every page use ``openCases(from:to:teams:asOf:pageSize:)``.
    func openCases(from: Date, to: Date, teams: [String]?, asOf: Date, after: OpenCaseCursor?, limit: Int) async throws -> OpenCasePage

    // MARK: Deadline alerts

    /// Atomically claims up to `limit` (1 to 1000) deadline alerts not claimed before, for
    /// cases of `teams` (all teams when `nil`): open cases past due at `now`
    /// (``DeadlineThreshold/overdue``, claimed first), then open cases due from `now` to
    /// `now + window` (``DeadlineThreshold/dueSoon``), earliest deadline first. Each claim is
    /// marked on the case with `now` and `claimant` in the same statement or transaction, so
    /// concurrent callers, in this process or another server instance, never both receive the
    /// same (case, threshold). Closed cases are never claimed.
    ///
    /// With a `lease`, a claim not confirmed sent (``confirmDeadlineAlertSent(caseID:threshold:claimant:at:)``)
    /// within `lease` seconds is claimed again (its claimant presumably died before sending);
    /// without one (`nil`), a claim stays taken until released. Throws
    /// `BulwarkError.invalidInput` for a window or lease outside 0 to 366 days or a claimant
    /// outside 1 to 200 bytes.
    func claimDeadlineAlerts(
        at now: Date, dueSoonWithin window: TimeInterval, claimant: String, teams: [String]?, reclaimUnsentAfter lease: TimeInterval?,
        limit: Int
    ) async throws -> [DeadlineAlert]

    /// Restarts the lease of the unconfirmed claim `claimant` holds on (`caseID`, `threshold`)
    /// at `at`, just before sending it, so that alerts sent one after another each get a whole
    /// lease. `false` if `claimant` no longer holds it (taken over, released or confirmed):
    /// then it must not be sent.
    func renewDeadlineAlertClaim(caseID: Int64, threshold: DeadlineThreshold, claimant: String, at: Date) async throws -> Bool

    /// Records that the alert `claimant` claimed on (`caseID`, `threshold`) was sent at `at`:
    /// it is then never claimed again, whatever the lease. `false` if `claimant` holds no
    /// unconfirmed claim there (released, taken over after the lease, or already confirmed).
    func confirmDeadlineAlertSent(caseID: Int64, threshold: DeadlineThreshold, claimant: String, at: Date) async throws -> Bool

    /// Gives back the unconfirmed claim `claimant` holds on (`caseID`, `threshold`), e.g.
    /// after sending failed, so a later claim returns it again. `false` if `claimant` holds no
    /// such claim.
    func releaseDeadlineAlert(caseID: Int64, threshold: DeadlineThreshold, claimant: String) async throws -> Bool

    // MARK: Teams

    /// Adds `reviewer` to `team` (no effect if already a member).
    func addMember(reviewer: String, team: String) async throws
    /// Removes `reviewer` from `team` (no effect if not a member).
    func removeMember(reviewer: String, team: String) async throws
    /// The teams of `reviewer`, sorted.
    func teams(ofReviewer reviewer: String) async throws -> [String]
    /// The members of `team`, sorted.
    func members(ofTeam team: String) async throws -> [String]

    // MARK: Exposure

    /// Records that `reviewer` revealed the media of a case at `at`.
    func recordReveal(reviewer: String, caseID: Int64, at: Date) async throws
    /// The reveal times of `reviewer` from `from` (inclusive) to `to` (exclusive), oldest first.
    func reveals(reviewer: String, from: Date, to: Date) async throws -> [Date]
    /// The number of reveals of `reviewer` from `from` (inclusive) to `to` (exclusive).
    func revealCount(reviewer: String, from: Date, to: Date) async throws -> Int

    /// Releases connections.
    func close() async throws
}

/// What intake did.
public struct IntakeResult: Hashable, Sendable, Codable {
    /// The case the draft opened or joined.
    public var reviewCase: ReviewCase
    /// `true` if the draft joined an open case (a repeat report).
    public var joined: Bool

    public init(reviewCase: ReviewCase, joined: Bool) {
        self.reviewCase = reviewCase
        self.joined = joined
    }
}

/// What an assessment changes on its case.
public struct AssessmentUpdate: Hashable, Sendable {
    public var priorityRank: Int64
    /// The combined category.
    public var category: String?
    /// The combined age band.
    public var ageBand: String?
    public var secondOpinion: SecondOpinionStatus

    public init(priorityRank: Int64, category: String?, ageBand: String?, secondOpinion: SecondOpinionStatus) {
        self.priorityRank = priorityRank
        self.category = category
        self.ageBand = ageBand
        self.secondOpinion = secondOpinion
    }
}

/// A prepared open case for ``CaseStore/insertOpenCases(_:)``.
public struct NewCase: Hashable, Sendable {
    public var team: String
    public var kind: CaseKind
    public var priorityRank: Int64
    public var dueAt: Date
    public var createdAt: Date
    public var contentHash: String?
    public var url: String?
    public var knownRealVictims: Bool
    public var mayShowRealChild: Bool

    public init(
        team: String, kind: CaseKind, priorityRank: Int64, dueAt: Date, createdAt: Date, contentHash: String?, url: String?,
        knownRealVictims: Bool, mayShowRealChild: Bool
    ) {
        self.team = team
        self.kind = kind
        self.priorityRank = priorityRank
        self.dueAt = dueAt
        self.createdAt = createdAt
        self.contentHash = contentHash
        self.url = url
        self.knownRealVictims = knownRealVictims
        self.mayShowRealChild = mayShowRealChild
    }
}
