import Foundation
import Hummingbird
import Reporting

/// The reports page of the review UI: submissions to hotlines and authorities, newest
/// first, with where each stands in its flow (and the error that stopped it, if any).
extension ReviewUI {
    /// Submissions listed.
    static let reportsPageSize = 200

    func reportsPage(_ session: WebSessions.Session) async throws -> Response {
        let submissions = try await services.reports.list(from: nil, to: nil, limit: Self.reportsPageSize).reversed()
        let rows: [[String: Any]] = submissions.map { submission in
            [
                "id": submission.id, "caseRef": submission.incident.caseReference, "destination": submission.destination,
                "state": "\(submission.status)" + (submission.lastError.map { " (\($0))" } ?? ""),
                "remoteID": submission.reportID ?? "", "updated": Self.format(submission.updatedAt),
            ]
        }
        return page("reports", title: "Reports", session: session, values: ["reports": rows], extras: try await wellness(session))
    }
}
