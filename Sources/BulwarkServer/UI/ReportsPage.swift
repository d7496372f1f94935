import Foundation
import HTTPTypes
import Hummingbird
import Reporting

/// The reports page of the review UI: submissions to hotlines and authorities, newest
/// first, with where each stands in its flow (and the error that stopped it, if any).
extension ReviewUI {
    /// Submissions listed.
    static let reportsPageSize = 200

    func reportsPage(_ session: WebSessions.Session, notice: String? = nil, problem: String? = nil,
                     status: HTTPResponse.Status = .ok) async throws -> Response {
        let submissions = try await services.reports.list(from: nil, to: nil, limit: Self.reportsPageSize).reversed()
        let mayAct = services.caseReporter != nil && session.key.role.allows(.fileReports)
        let rows: [[String: Any]] = submissions.map { submission in
            var row: [String: Any] = [
                "id": submission.id, "caseRef": submission.incident.caseReference, "destination": submission.destination,
                "state": Self.state(of: submission), "remoteID": submission.reportID ?? "", "updated": Self.format(submission.updatedAt),
            ]
            let open = !submission.finished && !submission.retracted
            if mayAct, open {
                row["resume"] = ["id": submission.id, "formToken": sessions.issueFormToken(sessionID: session.id) ?? ""]
                if submission.reportID != nil {
                    row["retract"] = ["id": submission.id, "formToken": sessions.issueFormToken(sessionID: session.id) ?? ""]
                }
            }
            return row
        }
        return page("reports", title: "Reports", session: session, values: ["reports": rows, "mayAct": mayAct],
                    notice: notice, problem: problem, status: status, extras: try await wellness(session))
    }
}
