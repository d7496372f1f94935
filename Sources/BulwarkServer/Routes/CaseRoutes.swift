import BulwarkCore
import Cases
import Foundation
import Hummingbird

/// `/v1/cases`: reports sent in through the API become cases (grouped with open cases of the
/// same content hash or URL), and reviewers read the queue and assess cases as JSON. The
/// reviewer is the calling key; admins see every team.
enum CaseRoutes {
    static func register(_ routes: RouteRegistry, _ services: BulwarkServices) {
        let cases = services.cases
        let configuration = services.configuration

        routes.add(.post, "/v1/cases/reports", permission: .reportContent) { request, context in
            let body = try await JSONIO.decode(ReportBody.self, from: request, limit: configuration.maxJSONBytes)
            let kind = try body.kind.map { text -> CaseKind in
                guard let kind = CaseKind(rawValue: text) else { throw APIError.badRequest("kind: '\(text.prefix(64))' is not a case kind") }
                return kind
            } ?? .externalReport
            let draft = try CaseDraft.externalReport(
                reporter: body.reporter, url: body.url, contentHash: body.contentHash, kind: kind,
                team: body.team ?? configuration.reviewTeam,
                reasons: [Reason(code: "report.received", verdict: .review, message: body.description ?? "reported through the API",
                                 source: "reporter:\(body.reporter.prefix(100))")],
                receivedAt: Date())
            let result = try await cases.intake(draft, actor: context.apiKey?.keyID ?? "unknown")
            return try JSONIO.response(result, status: result.joined ? .ok : .created)
        }
        routes.add(.get, "/v1/cases", permission: .reviewCases) { request, context in
            let after = try CaseRequestValues.queueCursor(request)
            let limit = try request.intQuery("limit", in: 1...500) ?? 50
            let page = try await cases.queue(for: reviewer(context), team: request.query("team"), after: after, limit: limit)
            return try JSONIO.response(QueueAnswer(cases: page.cases, next: page.next?.token))
        }
        routes.add(.get, "/v1/cases/{case}", permission: .reviewCases) { _, context in
            try JSONIO.response(try await cases.openCase(try CaseRequestValues.caseID(context), by: reviewer(context)))
        }
        routes.add(.post, "/v1/cases/{case}/assessments", permission: .reviewCases) { request, context in
            let assessment = try await JSONIO.decode(Assessment.self, from: request, limit: configuration.maxJSONBytes)
            return try JSONIO.response(try await cases.assess(try CaseRequestValues.caseID(context), assessment, by: reviewer(context)))
        }
        routes.add(.post, "/v1/cases/{case}/close", permission: .reviewCases) { request, context in
            let body = try await JSONIO.decode(CloseBody.self, from: request, limit: configuration.maxJSONBytes)
            guard let outcome = CaseOutcome(rawValue: body.outcome) else {
                throw APIError.badRequest("outcome: one of \(CaseOutcome.allCases.map(\.rawValue).joined(separator: ", "))")
            }
            return try JSONIO.response(try await cases.close(try CaseRequestValues.caseID(context), outcome: outcome, note: body.note, by: reviewer(context)))
        }
    }

    /// The calling key as a reviewer (401 without one).
    static func reviewer(_ context: BulwarkRequestContext) throws -> Reviewer {
        guard let key = context.apiKey else { throw APIError.unauthorized }
        return key.reviewer
    }

    /// `POST /v1/cases/reports` body.
    struct ReportBody: Decodable {
        var reporter: String
        var url: String?
        var contentHash: String?
        var kind: String?
        var team: String?
        var description: String?
    }

    /// `POST /v1/cases/{case}/close` body.
    struct CloseBody: Decodable {
        var outcome: String
        var note: String?
    }

    /// One page of the queue and where the next one starts.
    struct QueueAnswer: Encodable {
        var cases: [ReviewCase]
        var next: String?
    }
}
