import BulwarkCore
import Cases
import Foundation
import Hummingbird
import Reporting

/// `/v1/cases/{case}/report` and `/v1/reports`: file the CyberTipline report of an assessed
/// case, follow it, resume or retract it. Needs ``Permission/fileReports`` and a server
/// started with `--reporting`; every step is audited under the calling key. Refusals become
/// API errors in ``APIError/from(_:)`` (not reportable 400, busy 409, endpoint failure 502).
enum ReportRoutes {
    static func register(_ routes: RouteRegistry, _ services: BulwarkServices) {
        let configuration = services.configuration

        routes.add(.post, "/v1/cases/{case}/report", permission: .fileReports) { request, context in
            let reporter = try reporter(services, context)
            let body = try await JSONIO.decode(CaseReportRequest.self, from: request, limit: configuration.maxJSONBytes)
            let detail = try await services.cases.openCase(try CaseRequestValues.caseID(context), by: CaseRoutes.reviewer(context))
            let outcome = try await reporter.report(detail, hostingCountry: body.hostingCountry?.trimmingWhitespace().uppercased(),
                                                    reportedURL: body.reportedURL)
            return try JSONIO.response(SubmissionView(outcome.submission), status: outcome.created ? .created : .ok)
        }
        routes.add(.get, "/v1/reports/{report}", permission: .fileReports) { _, context in
            try JSONIO.response(SubmissionView(try await services.reports.submission(id: try context.parameters.require("report"))))
        }
        routes.add(.post, "/v1/reports/{report}/resume", permission: .fileReports) { _, context in
            let submitter = try reporter(services, context).submitter
            let id = try context.parameters.require("report")
            return try JSONIO.response(SubmissionView(try await submitter.resume(id: id)))
        }
        routes.add(.post, "/v1/reports/{report}/retract", permission: .fileReports) { _, context in
            let submitter = try reporter(services, context).submitter
            let id = try context.parameters.require("report")
            return try JSONIO.response(SubmissionView(try await submitter.retract(id: id)))
        }
    }

    /// The server's case reporter acting for the calling key (409 when reporting is off).
    static func reporter(_ services: BulwarkServices, _ context: BulwarkRequestContext) throws -> CaseReporter {
        guard let reporter = services.caseReporter else { throw APIError.reportingNotConfigured }
        return reporter.acting(as: try CaseRoutes.reviewer(context).id)
    }

    /// `POST /v1/cases/{case}/report` body (all optional).
    struct CaseReportRequest: Decodable {
        var hostingCountry: String?
        var reportedURL: String?

        /// The API decoder turns `hosting_country` and `reported_url` into these.
        enum CodingKeys: String, CodingKey {
            case hostingCountry, reportedURL = "reportedUrl"
        }
    }

    /// A submission as answered: where it stands, without the incident's full text.
    struct SubmissionView: Encodable {
        var id: String
        var destination: String
        var caseID: Int64?
        var status: String
        var reportID: String?
        var nextStep: String?
        var lastError: String?
        var createdAt: Date
        var updatedAt: Date

        init(_ submission: ReportSubmission) {
            id = submission.id
            destination = submission.destination
            caseID = submission.caseID
            status = submission.status.rawValue
            reportID = submission.reportID
            nextStep = submission.nextStep
            lastError = submission.lastError
            createdAt = submission.createdAt
            updatedAt = submission.updatedAt
        }
    }
}
