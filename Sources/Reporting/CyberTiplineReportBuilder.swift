import Foundation

/// Builds the XML documents of NCMEC's CyberTipline Reporting API from a ``ReportIncident``.
///
/// Element names follow the CyberTipline report schema as exposed by the schema-generated
/// Go SDK Boostport/ncmec-go (`cybertipline/types.go`): root `report` with, in schema order,
/// `incidentSummary` (`incidentType`, `platform`, `incidentDateTime`), `internetDetails/
/// webPageIncident/url`, `reporter/reportingPerson` (`firstName`, `lastName`, `email`) and
/// `additionalInfo`; and root `fileDetails` with `reportId`, `fileId`, `fileName`,
/// `locationOfFile`, `fileAnnotations/generativeAi` (the flag for a file believed to be
/// Generative Artificial Intelligence), `originalFileHash hashType=...` and `additionalInfo`.
/// Every text value is XML-escaped; required fields are validated first.
public enum CyberTiplineReportBuilder {
    /// Checks the fields the report needs, throwing ``ReportingError/invalidField(field:reason:)``
    /// that names the first bad field.
    public static func validate(_ incident: ReportIncident) throws {
        func require(_ value: String, _ field: String) throws {
            if value.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty {
                throw ReportingError.invalidField(field: field, reason: "is required")
            }
        }
        try require(incident.caseReference, "caseReference")
        try require(incident.reporter.companyName, "reporter.companyName")
        try require(incident.reporter.contactFirstName, "reporter.contactFirstName")
        try require(incident.reporter.contactLastName, "reporter.contactLastName")
        try require(incident.reporter.contactEmail, "reporter.contactEmail")
        let email = incident.reporter.contactEmail
        guard let at = email.firstIndex(of: "@"), at != email.startIndex, email.index(after: at) != email.endIndex else {
            throw ReportingError.invalidField(field: "reporter.contactEmail", reason: "is not an email address")
        }
        guard ReportIncident.incidentTypes.contains(incident.incidentType) else {
            throw ReportingError.invalidField(field: "incidentType", reason: "\"\(incident.incidentType)\" is not a schema incidentType")
        }
        try require(incident.reportedURL, "reportedURL")
        let lower = incident.reportedURL.lowercased()
        guard lower.hasPrefix("http://") || lower.hasPrefix("https://"), incident.reportedURL.count > 8 else {
            throw ReportingError.invalidField(field: "reportedURL", reason: "must be an http or https URL")
        }
        guard CountryCode.isWellFormed(incident.hostingCountry) else {
            throw ReportingError.invalidField(field: "hostingCountry", reason: "must be an ISO 3166-1 alpha-2 code such as US")
        }
        for (index, file) in incident.files.enumerated() {
            try validate(file, field: "files[\(index)]")
        }
    }

    static func validate(_ file: ReportFile, field: String) throws {
        if file.name.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty {
            throw ReportingError.invalidField(field: "\(field).name", reason: "is required")
        }
        guard isHex(file.sha256, length: 64) else {
            throw ReportingError.invalidField(field: "\(field).sha256", reason: "must be 64 hex digits")
        }
        if let md5 = file.md5, !isHex(md5, length: 32) {
            throw ReportingError.invalidField(field: "\(field).md5", reason: "must be 32 hex digits")
        }
        guard file.size >= 0 else {
            throw ReportingError.invalidField(field: "\(field).size", reason: "must not be negative")
        }
    }

    private static func isHex(_ text: String, length: Int) -> Bool {
        text.utf8.count == length && text.utf8.allSatisfy { (48...57).contains($0) || (97...102).contains($0) || (65...70).contains($0) }
    }

    /// The `report` document POSTed to `/submit`.
    public static func reportXML(_ incident: ReportIncident) throws -> String {
        try validate(incident)
        let reporter = incident.reporter
        return """
            <?xml version="1.0" encoding="UTF-8"?>
            <report xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xsi:noNamespaceSchemaLocation="https://report.cybertip.org/ispws/xsd">\
            <incidentSummary>\
            \(XMLText.element("incidentType", incident.incidentType))\
            \(XMLText.element("platform", reporter.companyName))\
            \(XMLText.element("incidentDateTime", incident.incidentAt.formatted(.iso8601)))\
            </incidentSummary>\
            <internetDetails><webPageIncident>\(XMLText.element("url", incident.reportedURL))</webPageIncident></internetDetails>\
            <reporter><reportingPerson>\
            \(XMLText.element("firstName", reporter.contactFirstName))\
            \(XMLText.element("lastName", reporter.contactLastName))\
            \(XMLText.element("email", reporter.contactEmail))\
            </reportingPerson></reporter>\
            \(XMLText.element("additionalInfo", incident.assessmentSummary))\
            </report>
            """
    }

    /// The `fileDetails` document POSTed to `/fileinfo` for an uploaded file.
    public static func fileDetailsXML(reportID: String, fileID: String, file: ReportFile) throws -> String {
        try validate(file, field: "file")
        guard !reportID.isEmpty else { throw ReportingError.invalidField(field: "reportId", reason: "is required") }
        guard !fileID.isEmpty else { throw ReportingError.invalidField(field: "fileId", reason: "is required") }
        var xml = """
            <?xml version="1.0" encoding="UTF-8"?>
            <fileDetails xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xsi:noNamespaceSchemaLocation="https://report.cybertip.org/ispws/xsd">\
            \(XMLText.element("reportId", reportID))\
            \(XMLText.element("fileId", fileID))\
            \(XMLText.element("fileName", file.name))
            """
        if let url = file.originalURL { xml += XMLText.element("locationOfFile", url) }
        xml += "<fileAnnotations>\(XMLText.element("generativeAi", file.aiGenerated ? "true" : "false"))</fileAnnotations>"
        if let md5 = file.md5 { xml += "<originalFileHash hashType=\"MD5\">\(XMLText.escape(md5.lowercased()))</originalFileHash>" }
        xml += "<originalFileHash hashType=\"SHA256\">\(XMLText.escape(file.sha256.lowercased()))</originalFileHash>"
        xml += XMLText.element("additionalInfo", "size \(file.size) bytes")
        xml += "</fileDetails>"
        return xml
    }
}
