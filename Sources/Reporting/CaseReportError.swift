/// Why a review case cannot become a report. Every case names the case (`case:ID`).
public enum CaseReportError: Error, Equatable, Sendable, CustomStringConvertible {
    /// The case's assessment does not make it reportable (not assessed, discounted,
    /// exploitative but not criminal, second opinion pending or disagreed, closed as not
    /// actionable or duplicate); `reason` says which.
    case notReportable(caseReference: String, reason: String)
    /// A field the report needs is missing or malformed; `field` names it as in
    /// ``ReportIncident`` (e.g. `reportedURL`, `reporter.contactEmail`, `files[0].sha256`).
    case invalidField(caseReference: String, field: String, reason: String)

    public var description: String {
        switch self {
        case let .notReportable(caseReference, reason): "\(caseReference) cannot be reported: \(reason)"
        case let .invalidField(caseReference, field, reason): "\(caseReference) cannot be reported: \(field) \(reason)"
        }
    }
}
