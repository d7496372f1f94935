import Foundation

/// What went wrong while building, sending or storing a report.
public enum ReportingError: Error, Equatable, Sendable, CustomStringConvertible {
    /// A required field is missing or malformed; `field` names it (e.g. `files[1].sha256`).
    case invalidField(field: String, reason: String)
    /// The endpoint answered with a non-2xx HTTP status at `step`.
    case httpStatus(step: String, status: Int, body: String)
    /// The endpoint could not be reached at `step`.
    case transport(step: String, reason: String)
    /// The endpoint's response at `step` was not the documented XML.
    case badResponse(step: String, reason: String)
    /// The endpoint answered `responseCode` other than 0 at `step`.
    case rejected(step: String, code: Int, description: String)
    /// The submission is in a state that does not allow the action.
    case invalidState(String)
    /// An unknown country code or routing configuration problem.
    case routing(String)
    /// Another process (or call) holds the resume lease of submission `submissionID` until
    /// `until`; try again later, or after `until` if the holder crashed.
    case submissionBusy(submissionID: String, holder: String, until: Date)

    public var description: String {
        switch self {
        case let .invalidField(field, reason): "invalid report field \(field): \(reason)"
        case let .httpStatus(step, status, body): "\(step): HTTP \(status) \(body.prefix(200))"
        case let .transport(step, reason): "\(step): cannot reach the endpoint: \(reason)"
        case let .badResponse(step, reason): "\(step): bad response: \(reason)"
        case let .rejected(step, code, description): "\(step): rejected with responseCode \(code): \(description)"
        case let .invalidState(message): message
        case let .routing(message): message
        case let .submissionBusy(submissionID, holder, until):
            "report submission \(submissionID) is being worked on by \(holder) (lease until \(until.formatted(.iso8601))); try again later"
        }
    }
}
