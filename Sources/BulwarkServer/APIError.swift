import BulwarkCore
import Cases
import Foundation
import Hummingbird
import NIOCore
import Reporting
import Store

/// An error answered as JSON: `{"error": {"code": "...", "message": "...", "details": [...]}}`
/// with a 4xx or 5xx status. Every error the API returns has this shape.
public struct APIError: Error, HTTPResponseError, CustomStringConvertible {
    public let status: HTTPResponse.Status
    /// A stable machine-readable code such as `invalid_input` or `not_found`.
    public let code: String
    /// A human-readable explanation saying what was wrong and where.
    public let message: String
    /// Optional itemised problems (e.g. invalid import rows with their line numbers).
    public let details: [String]?

    public init(_ status: HTTPResponse.Status, code: String, message: String, details: [String]? = nil) {
        self.status = status
        self.code = code
        self.message = message
        self.details = details
    }

    public var description: String { "\(status.code) \(code): \(message)" }

    public var headers: HTTPFields { [.contentType: "application/json"] }

    public func response(from request: Request, context: some RequestContext) throws -> Response {
        let body = ErrorBody(error: .init(code: code, message: message, details: details))
        let data = (try? JSONEncoder().encode(body)) ?? Data(#"{"error":{"code":"internal","message":"error"}}"#.utf8)
        return Response(status: status, headers: headers, body: ResponseBody(byteBuffer: ByteBuffer(bytes: data)))
    }

    private struct ErrorBody: Encodable {
        struct Inner: Encodable {
            let code: String
            let message: String
            let details: [String]?
        }
        let error: Inner
    }

    // MARK: Common errors

    static let unauthorized = APIError(
        .unauthorized, code: "unauthorized", message: "an API key is required: send \"Authorization: Bearer <key>\"")
    static let invalidKey = APIError(.unauthorized, code: "unauthorized", message: "the API key is unknown or revoked")

    static func forbidden(role: APIRole, permission: Permission) -> APIError {
        APIError(.forbidden, code: "forbidden", message: "role \(role) may not \(permission.summary)")
    }

    static func badRequest(_ message: String) -> APIError { APIError(.badRequest, code: "invalid_input", message: message) }

    static func tooLarge(limit: Int, what: String) -> APIError {
        APIError(.contentTooLarge, code: "too_large", message: "\(what) is larger than the limit of \(limit) bytes")
    }

    /// The API error for a content check's failure: content over an engine's size cap is
    /// 413 (the request was too large), other problems as ``from(_:)`` maps them.
    static func fromContentCheck(_ error: BulwarkError) -> APIError {
        if case .limitExceeded = error {
            return APIError(.contentTooLarge, code: "too_large", message: error.description)
        }
        return from(error)
    }

    /// The API error for any error a handler threw.
    /// A server started without `--reporting` was asked to file, resume or retract a report.
    static let reportingNotConfigured = APIError(
        .conflict, code: "reporting_not_configured",
        message: "this server files no reports: start it with --reporting FILE (see docs/reporting.md)")

    static func from(_ error: any Error) -> APIError {
        switch error {
        case let error as APIError:
            return error
        case let error as BulwarkError:
            switch error {
            case .invalidInput: return APIError(.badRequest, code: "invalid_input", message: error.description)
            case .limitExceeded: return APIError(.badRequest, code: "limit_exceeded", message: error.description)
            case .unsupported: return APIError(.badRequest, code: "unsupported", message: error.description)
            case .notFound: return APIError(.notFound, code: "not_found", message: error.description)
            case .conflict: return APIError(.conflict, code: "conflict", message: error.description)
            case .io: return APIError(.internalServerError, code: "storage", message: error.description)
            }
        case let error as ImportRefused:
            return APIError(
                .unprocessableContent, code: "invalid_rows",
                message: "import refused, nothing was written: \(error.invalidCount) invalid row\(error.invalidCount == 1 ? "" : "s") (use skip_invalid=true to import the valid rows)",
                details: error.invalidRows.map(\.description))
        case is NIOTooManyBytesError:
            return APIError(.contentTooLarge, code: "too_large", message: "the request body is larger than this route accepts")
        case let error as DecodingError:
            return APIError(.badRequest, code: "invalid_json", message: "the JSON body is not what this route expects: \(Self.describe(error))")
        case let error as CaseAccessDenied:
            return APIError(.forbidden, code: "outside_team", message: error.description)
        case let error as CaseDecisionRefused:
            return APIError(.conflict, code: "decision_refused", message: error.description)
        case let error as AssessmentInvalid:
            return APIError(.badRequest, code: "invalid_assessment", message: error.description, details: error.problems.map(\.description))
        case let error as IntakeError:
            return APIError(.badRequest, code: "invalid_input", message: error.description)
        case let error as CaseReportError:
            return APIError(.badRequest, code: "not_reportable", message: error.description)
        case let error as ReportingError:
            switch error {
            case .submissionBusy, .invalidState:
                return APIError(.conflict, code: "report_conflict", message: error.description)
            case .invalidField, .routing:
                return APIError(.badRequest, code: "invalid_report", message: error.description)
            case .httpStatus, .transport, .badResponse, .rejected:
                return APIError(.badGateway, code: "reporting_endpoint", message: error.description)
            }
        case let error as HTTPError:
            return APIError(error.status, code: error.status == .notFound ? "not_found" : "http_\(error.status.code)",
                            message: error.body ?? error.status.reasonPhrase)
        default:
            return APIError(.internalServerError, code: "internal", message: "\(error)")
        }
    }

    private static func describe(_ error: DecodingError) -> String {
        func path(_ context: DecodingError.Context) -> String {
            let keys = context.codingPath.map { $0.intValue.map { "[\($0)]" } ?? $0.stringValue }.joined(separator: ".")
            return keys.isEmpty ? "" : " at \(keys)"
        }
        switch error {
        case let .keyNotFound(key, context): return "missing field \"\(key.stringValue)\"\(path(context))"
        case let .typeMismatch(_, context): return "wrong type\(path(context)): \(context.debugDescription)"
        case let .valueNotFound(_, context): return "missing value\(path(context))"
        case let .dataCorrupted(context): return "malformed\(path(context)): \(context.debugDescription)"
        @unknown default: return "\(error)"
        }
    }
}
