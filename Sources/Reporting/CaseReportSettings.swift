import Cases

/// What the operator decides for every report made from a case: who reports, where content
/// is assumed to be hosted when the reviewer does not say, the assessment scheme, and which
/// schema `incidentType` each legal category is reported as.
public struct CaseReportSettings: Sendable, Equatable {
    /// The reporting company and contact person.
    public var reporter: ReportingCompany
    /// ISO 3166-1 alpha-2 code used when a report does not name the hosting country.
    public var defaultHostingCountry: String
    /// The scheme the case's assessments were made under (combines them: most severe
    /// category and youngest age band win).
    public var scheme: AssessmentScheme
    /// The schema `incidentType` (one of ``ReportIncident/incidentTypes``) for each legal
    /// category of `scheme`.
    public var incidentTypes: [String: String]

    /// The `incidentType` for indecent images of children, which every category of an
    /// IWF-style scheme (A, B, C) is.
    public static let childSexualAbuseMaterial = "Child Pornography (possession, manufacture, and distribution)"

    /// Settings with `incidentTypes` defaulting to ``childSexualAbuseMaterial`` for every
    /// category of `scheme`.
    public init(
        reporter: ReportingCompany, defaultHostingCountry: String, scheme: AssessmentScheme = .iwfDefault,
        incidentTypes: [String: String]? = nil
    ) {
        self.reporter = reporter
        self.defaultHostingCountry = defaultHostingCountry
        self.scheme = scheme
        self.incidentTypes = incidentTypes
            ?? Dictionary(uniqueKeysWithValues: scheme.categories.map { ($0, Self.childSexualAbuseMaterial) })
    }
}
