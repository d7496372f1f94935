import BulwarkCore
import Cases
import Evidence
import Foundation
import Hummingbird
import Store

/// The queue and case pages of the review UI, over ``CaseService``.
extension ReviewUI {
    /// The caller as the case service knows them.
    static func reviewer(_ session: WebSessions.Session) -> Reviewer { session.key.reviewer }

    /// Header values for the wellness strip: items revealed today and a break reminder.
    func wellness(_ session: WebSessions.Session) async throws -> [String: Any] {
        let reviewer = Self.reviewer(session)
        let cases = services.cases
        let count = try await cases.exposure(of: reviewer.id, on: Date(), by: reviewer)
        var values: [String: Any] = ["exposure": ["count": count]]
        let advice = try await cases.breakAdvice(for: reviewer)
        if advice.takeBreak { values["breakReminder"] = "Time for a break: " + (advice.reason ?? "you have reviewed for a while.") }
        return values
    }

    /// `GET /ui/queue`: open cases of the reviewer's teams, highest priority first, keyset-paged;
    /// `?view=overdue` lists the overdue ones.
    func queuePage(_ session: WebSessions.Session, request: Request) async throws -> Response {
        let reviewer = Self.reviewer(session)
        let cases = services.cases
        let overdueView = request.uri.queryParameters["view"] == "overdue"
        let dueSoonView = request.uri.queryParameters["view"] == "due-soon"
        let now = Date()
        let rows: [ReviewCase]
        var next: String?
        if overdueView {
            rows = try await cases.overdue(for: reviewer, limit: 200)
        } else if dueSoonView {
            rows = try await cases.alerts(for: reviewer, within: Self.dueSoonWindow, limit: 200)
        } else {
            let after = try CaseRequestValues.queueCursor(request)
            let page = try await cases.queue(for: reviewer, after: after, limit: 50)
            rows = page.cases
            next = page.next.map { "/ui/queue?after=\($0.token)" }
        }
        let open = try await cases.openCounts(for: reviewer).values.reduce(0, +)
        let overdue = try await cases.overdue(for: reviewer, limit: 1000).count
        let dueSoon = try await cases.alerts(for: reviewer, within: Self.dueSoonWindow, limit: 1000).count
        func counted(_ count: Int) -> Any { count > 0 ? (count >= 1000 ? "1000+" : "\(count)") : false }
        let values: [String: Any] = [
            "cases": rows.map { Self.row($0, now: now) }, "openCount": open, "overdueCount": counted(overdue),
            "dueSoonCount": counted(dueSoon), "dueSoonView": dueSoonView,
            "allView": !overdueView && !dueSoonView, "overdueView": overdueView, "nextPage": next ?? false,
            "firstRank": rows.isEmpty ? 0 : 1, "lastRank": rows.count,
        ]
        return page("queue", title: "Queue", session: session, values: values, extras: try await wellness(session))
    }

    /// How far ahead the queue warns of deadlines ("due soon").
    static let dueSoonWindow = DeadlineAlertNotifier.dueSoonWindow

    /// `GET /ui/cases/{id}`: the case, its reasons, shielded media, history and the assessment form.
    func casePage(_ session: WebSessions.Session, id: Int64, notice: String? = nil, problem: String? = nil,
                  status: HTTPResponse.Status = .ok) async throws -> Response {
        let reviewer = Self.reviewer(session)
        let detail = try await services.cases.openCase(id, by: reviewer)
        let reviewCase = detail.reviewCase
        let scheme = services.cases.scheme
        let now = Date()
        let items = services.evidence.isEnabled ? try await services.evidence.items(caseReference: reviewCase.auditSubject) : []
        let media: [[String: Any]] = items.map { item in
            [
                "url": "/ui/cases/\(id)/media/\(item.id)", "name": item.id.prefix(12) + "…", "mediaType": item.mediaType,
                "size": item.byteSize, "caseID": id, "itemID": item.id,
                "formToken": sessions.issueFormToken(sessionID: session.id) ?? "",
            ]
        }
        let history = detail.assessments.map { recorded in
            "\(Self.format(recorded.at)) \(recorded.reviewer): " + Self.describe(recorded.assessment)
        } + detail.events.filter { $0.action != "case.view" }.map { "\(Self.format($0.at)) \($0.actor): \($0.action)" }
        var values = Self.row(reviewCase, now: now)
        values.merge([
            "opened": Self.format(reviewCase.createdAt), "openedISO": Self.iso(reviewCase.createdAt),
            "contentHash": reviewCase.contentHash ?? false, "url": reviewCase.url ?? false,
            "reasons": reviewCase.reasons.map { ["code": $0.code, "verdict": $0.verdict.rawValue, "message": $0.message, "source": $0.source ?? false] as [String: Any] },
            "media": media, "history": history,
            "secondOpinion": reviewCase.secondOpinion == .awaiting ? "This case needs a second reviewer to agree before it is decided." : false,
            "canAssess": reviewCase.status == .open,
            "formToken": sessions.issueFormToken(sessionID: session.id) ?? "",
            "categories": scheme.categories.map { ["value": $0, "label": "Category \($0)"] },
            "ageBands": scheme.ageBands.map { ["value": $0, "label": $0] },
            "sexes": scheme.sexes.map { ["value": $0, "label": $0] },
            "aiValues": AIGeneratedStatus.allCases.map { ["value": $0.rawValue, "label": $0.rawValue, "checked": $0 == .unknown] as [String: Any] },
            "discounts": scheme.discountReasons.map { ["value": $0, "label": $0] },
        ]) { _, new in new }
        values.merge(try await reportValues(session, reviewCase: reviewCase)) { _, new in new }
        return page("case", title: "Case \(id)", session: session, values: values, notice: notice, problem: problem,
                    status: status, extras: try await wellness(session))
    }

    /// `POST /ui/cases/{id}/assess`: validates and records the assessment; invalid
    /// combinations come back on the page with every problem named.
    func assess(_ session: WebSessions.Session, id: Int64, form: FormFields) async throws -> Response {
        func value(_ name: String) -> String? { form[name].flatMap { $0.isEmpty ? nil : $0 } }
        guard let ai = AIGeneratedStatus(rawValue: form["ai_generated"] ?? "unknown") else {
            throw APIError.badRequest("ai_generated: one of declared, suspected, unknown")
        }
        let assessment = Assessment(
            category: value("category"), ageBand: value("age_band"), sex: value("sex"), aiGenerated: ai,
            discountReasons: form.all("discount"), exploitative: form["exploitative"] == "yes", note: value("note"))
        do {
            _ = try await services.cases.assess(id, assessment, by: Self.reviewer(session))
        } catch let invalid as AssessmentInvalid {
            return try await casePage(session, id: id, problem: "The assessment was not recorded: "
                + invalid.problems.map(\.description).joined(separator: "; "), status: .badRequest)
        }
        return UIResponses.redirect(to: "/ui/cases/\(id)?notice=assessed")
    }

    /// `POST /ui/cases/{id}/reveal`: counts one exposure; answers JSON for the page's script
    /// (a fresh form token and today's count), or goes back to the case without script.
    func reveal(_ session: WebSessions.Session, id: Int64, request: Request) async throws -> Response {
        let reviewer = Self.reviewer(session)
        let advice = try await services.cases.reveal(id, by: reviewer)
        guard request.headers[.accept]?.contains("application/json") == true else {
            return UIResponses.redirect(to: "/ui/cases/\(id)")
        }
        let count = try await services.cases.exposure(of: reviewer.id, on: Date(), by: reviewer)
        let answer: [String: Any] = [
            "form_token": sessions.issueFormToken(sessionID: session.id) ?? "", "exposure": count,
            "take_break": advice.takeBreak, "break_reason": advice.reason ?? "",
        ]
        var headers = UIResponses.securityHeaders
        headers[.contentType] = "application/json"
        return Response(status: .ok, headers: headers,
                        body: ResponseBody(byteBuffer: ByteBuffer(bytes: try JSONSerialization.data(withJSONObject: answer))))
    }

    /// `GET /ui/cases/{id}/media/{item}`: a preserved item's bytes, for a reviewer of the
    /// case's team (the read is audited by the vault).
    func media(_ session: WebSessions.Session, id: Int64, item: String) async throws -> Response {
        let reviewer = Self.reviewer(session)
        _ = try await services.cases.openCase(id, by: reviewer)  // team check
        let (stored, bytes) = try await services.evidence.read(id: item, actor: reviewer.id)
        guard stored.caseReference == "case:\(id)" else { throw BulwarkError.notFound(what: "evidence item", id: item) }
        var headers = UIResponses.securityHeaders
        headers[.contentType] = stored.mediaType
        headers[.contentDisposition] = "inline"
        return Response(status: .ok, headers: headers, body: ResponseBody(byteBuffer: ByteBuffer(bytes: bytes)))
    }

    // MARK: Formatting

    static func row(_ reviewCase: ReviewCase, now: Date) -> [String: Any] {
        var priority: [String] = []
        if reviewCase.knownRealVictims { priority.append("known real victims") }
        if reviewCase.mayShowRealChild { priority.append("may show a real child") }
        if let category = reviewCase.category { priority.append("category \(category)") }
        if let band = reviewCase.ageBand { priority.append("age \(band)") }
        return [
            "id": reviewCase.id, "kind": reviewCase.kind.rawValue, "team": reviewCase.team,
            "priority": priority.isEmpty ? "standard" : priority.joined(separator: ", "),
            "reasons": reviewCase.reasons.map(\.code).joined(separator: ", "), "reports": reviewCase.reportCount,
            "due": format(reviewCase.dueAt), "dueISO": iso(reviewCase.dueAt), "overdue": reviewCase.isOverdue(at: now),
            "status": reviewCase.status.rawValue + (reviewCase.secondOpinion == .awaiting ? " (awaiting second opinion)" : ""),
        ]
    }

    static func describe(_ assessment: Assessment) -> String {
        var parts: [String] = []
        if let category = assessment.category { parts.append("category \(category)") }
        if let band = assessment.ageBand { parts.append("age \(band)") }
        if let sex = assessment.sex { parts.append(sex) }
        parts.append("AI-generated \(assessment.aiGenerated.rawValue)")
        if !assessment.discountReasons.isEmpty { parts.append("discounted: " + assessment.discountReasons.joined(separator: ", ")) }
        if assessment.exploitative { parts.append("exploitative") }
        return parts.joined(separator: ", ")
    }

    static func format(_ date: Date) -> String {
        date.formatted(.iso8601.year().month().day().dateSeparator(.dash).time(includingFractionalSeconds: false).timeSeparator(.colon)) + " UTC"
    }

    static func iso(_ date: Date) -> String { date.formatted(.iso8601) }
}
