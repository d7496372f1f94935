#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import BulwarkCore

/// The review queue's operations, as the server and the CLI call them.
///
/// The service applies the rules: assessments are validated against the ``AssessmentScheme``,
/// priority and deadlines are computed, second-opinion rules are enforced, and every caller
/// only reads or acts on cases of their own teams (``CaseAccessDenied`` otherwise, which the
/// server maps to 403). Every action is recorded through the injected `AuditRecorder` with
/// the caller as actor, a dotted action (`case.assess`...), subject `case:ID` and non-graphic
/// details. Viewing a case never counts as exposure; only ``reveal(_:by:)`` does.
public final class CaseService: Sendable {
    /// Where cases live.
    public let store: any CaseStore
    /// The assessment scheme in force.
    public let scheme: AssessmentScheme
    /// The deadline clocks.
    public let deadlines: DeadlinePolicy
    /// The break-reminder policy.
    public let breaks: BreakPolicy
    private let audit: any AuditRecorder
    let now: @Sendable () -> Date

    /// A service over `store`. `now` is the clock (tests pass a fixed one).
    public init(
        store: any CaseStore, audit: any AuditRecorder, scheme: AssessmentScheme = .iwfDefault,
        deadlines: DeadlinePolicy = .standard, breaks: BreakPolicy = .standard, now: @escaping @Sendable () -> Date = { Date() }
    ) {
        self.store = store
        self.audit = audit
        self.scheme = scheme
        self.deadlines = deadlines
        self.breaks = breaks
        self.now = now
    }

    // MARK: Intake

    /// Opens a case for `draft` or joins the open case with the same content hash or
    /// normalized URL. `actor` is who submitted it (`"system"` for the pipeline, the API key
    /// id for a report). Audited as `case.open` or `case.join`.
    public func intake(_ draft: CaseDraft, actor: String) async throws -> IntakeResult {
        _ = try TeamName.validated(draft.team)
        let at = now()
        let scheme = scheme
        let result = try await store.intake(draft, dueAt: deadlines.dueDate(for: draft.kind, openedAt: at), at: at) { reviewCase in
            CasePriority.rank(
                knownRealVictims: reviewCase.knownRealVictims, mayShowRealChild: reviewCase.mayShowRealChild,
                assessment: Assessment(category: reviewCase.category, ageBand: reviewCase.ageBand), scheme: scheme)
        }
        var details = [
            "kind": draft.kind.rawValue, "origin": draft.source.origin.rawValue, "reference": draft.source.reference,
            "team": result.reviewCase.team, "reports": "\(result.reviewCase.reportCount)",
        ]
        if let hash = draft.contentHash { details["contentHash"] = hash.text }
        try await record(actor, result.joined ? "case.join" : "case.create", result.reviewCase.id, details, at)
        return result
    }

    // MARK: Queue

    /// The teams `caller` may see, or `nil` for all.
    public func visibleTeams(for caller: Reviewer) async throws -> [String]? {
        caller.seesAllTeams ? nil : try await store.teams(ofReviewer: caller.id)
    }

    /// One page of the open cases `caller` may see (only `team`'s, when given), in queue
    /// order, starting after `after`. Throws ``CaseAccessDenied`` for a team not theirs.
    public func queue(for caller: Reviewer, team: String? = nil, after: QueueCursor? = nil, limit: Int = 50) async throws -> QueuePage {
        try await store.queue(teams: try await scope(caller, team: team), after: after, limit: limit)
    }

    /// Open cases per team, for the teams `caller` may see.
    public func openCounts(for caller: Reviewer) async throws -> [String: Int] {
        try await store.openCounts(teams: try await visibleTeams(for: caller))
    }

    /// Open cases past their deadline that `caller` may see, earliest first.
    public func overdue(for caller: Reviewer, team: String? = nil, limit: Int = 100) async throws -> [ReviewCase] {
        try await store.due(teams: try await scope(caller, team: team), before: now(), notBefore: nil, limit: limit)
    }

    /// Alerts: open cases not yet overdue but due within `window` seconds, earliest first.
    public func alerts(for caller: Reviewer, within window: TimeInterval, team: String? = nil, limit: Int = 100) async throws -> [ReviewCase] {
        let at = now()
        return try await store.due(teams: try await scope(caller, team: team), before: at.addingTimeInterval(window), notBefore: at, limit: limit)
    }

    // MARK: One case

    /// The case with its history, for the case view (media stay hidden: no exposure is
    /// recorded). Audited as `case.view`.
    public func openCase(_ id: Int64, by caller: Reviewer) async throws -> CaseDetail {
        guard let detail = try await store.detail(id: id) else { throw BulwarkError.notFound(what: "case", id: "\(id)") }
        try await authorize(caller, detail.reviewCase, action: "case.view")
        try await record(caller.id, "case.view", id, [:], now())
        return detail
    }

    /// The reviewer explicitly revealed the case's media: counts one exposure and returns
    /// the break advice after it. Audited as `case.reveal`.
    public func reveal(_ id: Int64, by caller: Reviewer) async throws -> BreakAdvice {
        let reviewCase = try await existing(id)
        try await authorize(caller, reviewCase, action: "case.reveal")
        let at = now()
        try await store.recordReveal(reviewer: caller.id, caseID: id, at: at)
        try await record(caller.id, "case.reveal", id, [:], at)
        return try await breakAdvice(for: caller)
    }

    /// Records `assessment` by `caller` after validating it against the scheme (throws
    /// ``AssessmentInvalid`` naming the fields). Updates the case's combined category and age
    /// band (most severe, youngest), its priority and its second-opinion standing.
    /// Audited as `case.assess`.
    public func assess(_ id: Int64, _ assessment: Assessment, by caller: Reviewer) async throws -> AssessmentResult {
        let checked = try scheme.validate(assessment)
        let reviewCase = try await existing(id)
        try await authorize(caller, reviewCase, action: "case.assess")
        let at = now()
        let scheme = scheme
        let updated = try await store.recordAssessment(caseID: id, reviewer: caller.id, assessment: checked, at: at) { detail in
            let latest = detail.latestAssessmentByReviewer
            let combined = scheme.combine(latest.sorted { $0.key < $1.key }.map(\.value))
            return AssessmentUpdate(
                priorityRank: CasePriority.rank(
                    knownRealVictims: detail.reviewCase.knownRealVictims, mayShowRealChild: detail.reviewCase.mayShowRealChild,
                    assessment: combined, scheme: scheme),
                category: combined?.category, ageBand: combined?.ageBand,
                secondOpinion: scheme.secondOpinionStatus(latestByReviewer: latest))
        }
        let rules = scheme.secondOpinionRules(for: checked)
        var details = [
            "aiGenerated": checked.aiGenerated.rawValue, "exploitative": "\(checked.exploitative)",
            "secondOpinion": updated.secondOpinion.rawValue,
        ]
        if let category = checked.category { details["category"] = category }
        if let band = checked.ageBand { details["ageBand"] = band }
        if !checked.discountReasons.isEmpty { details["discountReasons"] = checked.discountReasons.joined(separator: ",") }
        if !rules.isEmpty { details["secondOpinionRules"] = rules.joined(separator: ",") }
        try await record(caller.id, "case.assess", id, details, at)
        return AssessmentResult(reviewCase: updated, secondOpinionRules: rules)
    }

    /// Closes the case with `outcome`. `confirmed` and `not-actionable` need the second
    /// opinion settled (``CaseDecisionRefused`` says why not); `confirmed` also needs an
    /// assessment. `duplicate` may close any open case. Audited as `case.close`.
    public func close(_ id: Int64, outcome: CaseOutcome, note: String? = nil, by caller: Reviewer) async throws -> ReviewCase {
        let reviewCase = try await existing(id)
        try await authorize(caller, reviewCase, action: "case.close")
        if outcome == .confirmed && reviewCase.category == nil {
            guard let detail = try await store.detail(id: id), !detail.assessments.isEmpty else {
                throw CaseDecisionRefused(caseID: id, reason: "a case is confirmed only after it is assessed")
            }
        }
        let trimmedNote = note.map { $0.trimmingWhitespace() }.flatMap { $0.isEmpty ? nil : String($0.prefix(500)) }
        let at = now()
        let closed = try await store.close(
            caseID: id, outcome: outcome, actor: caller.id, note: trimmedNote, requireAgreement: outcome != .duplicate, at: at)
        try await record(caller.id, "case.close", id, ["outcome": outcome.rawValue], at)
        return closed
    }

    /// Moves the case to `team` (which the caller need not belong to). Audited as `case.reassign`.
    public func reassign(_ id: Int64, to team: String, by caller: Reviewer) async throws -> ReviewCase {
        let team = try TeamName.validated(team)
        let reviewCase = try await existing(id)
        try await authorize(caller, reviewCase, action: "case.reassign")
        let at = now()
        let moved = try await store.reassign(caseID: id, team: team, actor: caller.id, at: at)
        try await record(caller.id, "case.reassign", id, ["from": reviewCase.team, "to": team], at)
        return moved
    }

    // MARK: Teams

    /// Adds `reviewer` to `team`; only callers who see all teams may. Audited as `team.add-member`.
    public func addMember(_ reviewer: String, to team: String, by caller: Reviewer) async throws {
        let team = try TeamName.validated(team)
        try await requireAdmin(caller, subject: "team:\(team)")
        try await store.addMember(reviewer: reviewer, team: team)
        try await audit.record(AuditEvent(actor: caller.id, action: "team.add-member", subject: "team:\(team)", details: ["reviewer": reviewer], at: now()))
    }

    /// Removes `reviewer` from `team`; only callers who see all teams may. Audited as `team.remove-member`.
    public func removeMember(_ reviewer: String, from team: String, by caller: Reviewer) async throws {
        try await requireAdmin(caller, subject: "team:\(team)")
        try await store.removeMember(reviewer: reviewer, team: team)
        try await audit.record(AuditEvent(actor: caller.id, action: "team.remove-member", subject: "team:\(team)", details: ["reviewer": reviewer], at: now()))
    }

    // MARK: Wellness

    /// How many items `reviewer` revealed on the UTC day containing `day`. A reviewer may ask
    /// about themselves; callers who see all teams about anyone.
    public func exposure(of reviewer: String, on day: Date, by caller: Reviewer) async throws -> Int {
        if reviewer != caller.id { try await requireAdmin(caller, subject: "reviewer:\(reviewer)") }
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC") ?? calendar.timeZone
        let start = calendar.startOfDay(for: day)
        return try await store.revealCount(reviewer: reviewer, from: start, to: start.addingTimeInterval(86_400))
    }

    /// Whether `caller` should take a break now, from their recent reveals.
    public func breakAdvice(for caller: Reviewer) async throws -> BreakAdvice {
        let at = now()
        let times = try await store.reveals(reviewer: caller.id, from: at.addingTimeInterval(-breaks.lookback), to: at.addingTimeInterval(1))
        return breaks.advice(revealTimes: times, now: at)
    }

    // MARK: Rules

    func existing(_ id: Int64) async throws -> ReviewCase {
        guard let reviewCase = try await store.reviewCase(id: id) else { throw BulwarkError.notFound(what: "case", id: "\(id)") }
        return reviewCase
    }

    /// Refuses (and audits the refusal of) a caller outside the case's team.
    private func authorize(_ caller: Reviewer, _ reviewCase: ReviewCase, action: String) async throws {
        if caller.seesAllTeams { return }
        if try await store.teams(ofReviewer: caller.id).contains(reviewCase.team) { return }
        try await record(caller.id, "case.access-denied", reviewCase.id, ["attempted": action], now())
        throw CaseAccessDenied(reviewer: caller.id, subject: reviewCase.auditSubject)
    }

    private func requireAdmin(_ caller: Reviewer, subject: String) async throws {
        guard caller.seesAllTeams else { throw CaseAccessDenied(reviewer: caller.id, subject: subject) }
    }

    /// The teams a query covers: `team` if the caller may see it (else ``CaseAccessDenied``),
    /// or all the caller's (`nil`: every team).
    func scope(_ caller: Reviewer, team: String?) async throws -> [String]? {
        let visible = try await visibleTeams(for: caller)
        guard let team else { return visible }
        if let visible, !visible.contains(team) { throw CaseAccessDenied(reviewer: caller.id, subject: "team:\(team)") }
        return [team]
    }

    func record(_ actor: String, _ action: String, _ caseID: Int64, _ details: [String: String], _ at: Date) async throws {
        try await audit.record(AuditEvent(actor: actor, action: action, subject: "case:\(caseID)", details: details, at: at))
    }
}

/// What an assessment did to its case.
public struct AssessmentResult: Hashable, Sendable, Codable {
    /// The case after the assessment (combined category/band, priority, second opinion).
    public var reviewCase: ReviewCase
    /// The second-opinion rules this assessment triggered, by name.
    public var secondOpinionRules: [String]

    public init(reviewCase: ReviewCase, secondOpinionRules: [String]) {
        self.reviewCase = reviewCase
        self.secondOpinionRules = secondOpinionRules
    }
}
