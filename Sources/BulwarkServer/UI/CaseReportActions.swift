import BulwarkCore
import Cases
import Foundation
import Hummingbird
import Reporting

/// The review UI's reporting actions: "Report this case" on an assessed case, and resume or
/// retract on the reports page. Each needs the ``Permission/fileReports`` permission and a
/// server started with `--reporting`; each step is audited under the signed-in reviewer.
extension ReviewUI {
    /// What the case page shows about reporting the case.
    func reportValues(_ session: WebSessions.Session, reviewCase: ReviewCase) async throws -> [String: Any] {
        let caseID = reviewCase.id
        let live = try await services.reports.liveSubmission(caseID: caseID)
        var values: [String: Any] = [
            "reportingConfigured": services.caseReporter != nil,
            "canFileReports": session.key.role.allows(.fileReports),
        ]
        if let live {
            values["liveReport"] = ["id": live.id, "state": Self.state(of: live), "destination": live.destination] as [String: Any]
        } else if services.caseReporter != nil, session.key.role.allows(.fileReports) {
            values["reportForm"] = [
                "formToken": sessions.issueFormToken(sessionID: session.id) ?? "", "caseID": caseID,
                "reportedURL": reviewCase.url ?? "", "urlRequired": reviewCase.url == nil,
            ] as [String: Any]
        }
        return values
    }

    /// `POST /ui/cases/{id}/report`: files the case's report (or finds the live one) and goes
    /// to the reports page; a case that cannot be reported comes back with the reason.
    func reportCase(_ session: WebSessions.Session, id: Int64, form: FormFields) async throws -> Response {
        let reporter = try caseReporter(for: session)
        let reviewer = Self.reviewer(session)
        let detail = try await services.cases.openCase(id, by: reviewer)
        let country = form["hosting_country"].map { $0.trimmingWhitespace().uppercased() }.flatMap { $0.isEmpty ? nil : $0 }
        let url = form["reported_url"].map { $0.trimmingWhitespace() }.flatMap { $0.isEmpty ? nil : $0 }
        do {
            let outcome = try await reporter.acting(as: reviewer.id).report(detail, hostingCountry: country, reportedURL: url)
            let notice = outcome.created ? "filed" : "exists"
            return UIResponses.redirect(to: "/ui/reports?notice=\(notice)&id=\(outcome.submission.id)")
        } catch let refused as CaseReportError {
            return try await casePage(session, id: id, problem: "The case was not reported: \(refused.description)", status: .badRequest)
        } catch let error as ReportingError {
            return try await casePage(session, id: id, problem: "The case was not reported: \(error.description)", status: .badRequest)
        }
    }

    /// `POST /ui/reports/{id}/resume` and `.../retract`.
    func continueReport(_ session: WebSessions.Session, id: String, retract: Bool) async throws -> Response {
        let reporter = try caseReporter(for: session)
        let submitter = reporter.submitter.acting(as: Self.reviewer(session).id)
        do {
            let submission = retract ? try await submitter.retract(id: id) : try await submitter.resume(id: id)
            let notice = submission.status == .failed ? "failed" : retract ? "retracted" : "resumed"
            return UIResponses.redirect(to: "/ui/reports?notice=\(notice)&id=\(submission.id)")
        } catch let error as ReportingError {
            let status: HTTPResponse.Status = if case .submissionBusy = error { .conflict } else { .badRequest }
            return try await reportsPage(session, problem: error.description, status: status)
        }
    }

    /// The notice line for `/ui/reports?notice=...&id=...`.
    func reportNotice(_ request: Request) async throws -> String? {
        guard let notice = request.uri.queryParameters["notice"].map(String.init),
              let id = request.uri.queryParameters["id"].map(String.init), id.utf8.count <= 64 else { return nil }
        let submission = try? await services.reports.submission(id: id)
        let state = submission.map { Self.state(of: $0) } ?? "unknown"
        return switch notice {
        case "filed": "Report \(id) filed: \(state)."
        case "exists": "This case already has a live report, \(id): \(state)."
        case "resumed": "Report \(id) resumed: \(state)."
        case "retracted": "Report \(id) retracted."
        case "failed": "Report \(id) stopped again: \(state). Resume it later."
        default: nil
        }
    }

    /// A submission's state as shown: status, the step it waits at, and its last error.
    static func state(of submission: ReportSubmission) -> String {
        var text = submission.status.rawValue.replacingOccurrences(of: "_", with: " ")
        if let step = submission.nextStep, submission.status != .pending { text += ", next: \(step)" }
        if let error = submission.lastError { text += " (\(error))" }
        return text
    }

    /// The case reporter, if this session may file reports and the server is configured.
    private func caseReporter(for session: WebSessions.Session) throws -> CaseReporter {
        guard session.key.role.allows(.fileReports) else {
            throw APIError.forbidden(role: session.key.role, permission: .fileReports)
        }
        guard let reporter = services.caseReporter else { throw APIError.reportingNotConfigured }
        return reporter
    }
}
