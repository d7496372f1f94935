import Foundation

/// Who sends a report: the company (or hotline member) and the person NCMEC may contact.
/// Maps to the documented `reporter/reportingPerson` element (firstName, lastName, email)
/// and `incidentSummary/platform`.
public struct ReportingCompany: Hashable, Sendable, Codable {
    /// The company or service name, sent as `incidentSummary/platform`.
    public var companyName: String
    /// The reporting person's first name (`reportingPerson/firstName`).
    public var contactFirstName: String
    /// The reporting person's last name (`reportingPerson/lastName`).
    public var contactLastName: String
    /// The reporting person's email (`reportingPerson/email`).
    public var contactEmail: String

    public init(companyName: String, contactFirstName: String, contactLastName: String, contactEmail: String) {
        self.companyName = companyName
        self.contactFirstName = contactFirstName
        self.contactLastName = contactLastName
        self.contactEmail = contactEmail
    }
}

/// One file that goes with a report. Bulwark keeps hashes and metadata; the bytes are
/// supplied at upload time by a ``ReportFileSource`` (for example the evidence store).
public struct ReportFile: Hashable, Sendable, Codable {
    /// The file name sent to the hotline (`fileDetails/fileName`).
    public var name: String
    /// Lowercase hex SHA-256 of the bytes (`fileDetails/originalFileHash hashType="SHA256"`).
    public var sha256: String
    /// Lowercase hex MD5 of the bytes, if known (`originalFileHash hashType="MD5"`).
    public var md5: String?
    /// Size in bytes.
    public var size: Int64
    /// Whether the assessment says the file is AI-generated; sent as
    /// `fileDetails/fileAnnotations/generativeAi`.
    public var aiGenerated: Bool
    /// Where the file was found (`fileDetails/locationOfFile`), if known.
    public var originalURL: String?

    public init(name: String, sha256: String, md5: String? = nil, size: Int64, aiGenerated: Bool, originalURL: String? = nil) {
        self.name = name
        self.sha256 = sha256
        self.md5 = md5
        self.size = size
        self.aiGenerated = aiGenerated
        self.originalURL = originalURL
    }
}

/// What Reporting needs to know about one incident, independent of how `Cases` stores it.
/// The lead maps a case (and its assessment) onto this.
public struct ReportIncident: Hashable, Sendable, Codable {
    /// The local case this report comes from, e.g. `"case:42"`; used in audit subjects.
    public var caseReference: String
    /// The reporter.
    public var reporter: ReportingCompany
    /// The incident type, one of the schema's `incidentType` values (see ``ReportIncident/incidentTypes``).
    public var incidentType: String
    /// When the incident happened (`incidentSummary/incidentDateTime`, ISO 8601 UTC).
    public var incidentAt: Date
    /// The reported URL (`internetDetails/webPageIncident/url`).
    public var reportedURL: String
    /// ISO 3166-1 alpha-2 code of the hosting country, used for routing; not sent to NCMEC.
    public var hostingCountry: String
    /// The assessment in plain words (category, age band, reasons), sent as `additionalInfo`.
    public var assessmentSummary: String
    /// The files of the report.
    public var files: [ReportFile]

    public init(
        caseReference: String, reporter: ReportingCompany, incidentType: String, incidentAt: Date, reportedURL: String,
        hostingCountry: String, assessmentSummary: String, files: [ReportFile]
    ) {
        self.caseReference = caseReference
        self.reporter = reporter
        self.incidentType = incidentType
        self.incidentAt = incidentAt
        self.reportedURL = reportedURL
        self.hostingCountry = hostingCountry
        self.assessmentSummary = assessmentSummary
        self.files = files
    }

    /// The `incidentType` enumeration values of the CyberTipline report schema, as listed by
    /// the schema-generated Go SDK Boostport/ncmec-go (`cybertipline/types.go`, `IncidentType`).
    public static let incidentTypes: Set<String> = [
        "Child Pornography (possession, manufacture, and distribution)",
        "Child Sex Trafficking",
        "Child Sex Tourism",
        "Child Sexual Molestation",
        "Misleading Domain Name",
        "Misleading Words or Digital Images on the Internet",
        "Online Enticement of Children for Sexual Acts",
        "Unsolicited Obscene Material Sent to a Child",
    ]
}

/// Gives the bytes of a report file at upload time. Bulwark stores media only when evidence
/// preservation is on, so the caller decides where bytes come from.
public protocol ReportFileSource: Sendable {
    /// The bytes of `file`; throws if they are no longer available.
    func bytes(for file: ReportFile) async throws -> [UInt8]
    /// The same source reading for `actor`, when its reads are audited (default: itself).
    func acting(as actor: String) -> any ReportFileSource
}

extension ReportFileSource {
    public func acting(as actor: String) -> any ReportFileSource { self }
}
