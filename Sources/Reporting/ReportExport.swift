import Foundation

/// One line of a report export: a submission and where it stands.
public struct ReportExportRow: Hashable, Sendable, Codable {
    public var id: String
    public var caseReference: String
    public var destination: String
    public var status: String
    public var reportID: String?
    public var reportedURL: String
    public var hostingCountry: String
    public var files: Int
    public var filesAcknowledged: Int
    public var aiGeneratedFiles: Int
    public var createdAt: Date
    public var updatedAt: Date
    public var lastError: String?

    enum CodingKeys: String, CodingKey {
        case id, destination, status, files
        case caseReference = "case"
        case reportID = "report_id"
        case reportedURL = "reported_url"
        case hostingCountry = "hosting_country"
        case filesAcknowledged = "files_acknowledged"
        case aiGeneratedFiles = "ai_generated_files"
        case createdAt = "created_at"
        case updatedAt = "updated_at"
        case lastError = "last_error"
    }

    /// The row for `submission`.
    public init(_ submission: ReportSubmission) {
        id = submission.id
        caseReference = submission.incident.caseReference
        destination = submission.destination
        status = submission.status.rawValue
        reportID = submission.reportID
        reportedURL = submission.incident.reportedURL
        hostingCountry = submission.incident.hostingCountry
        files = submission.files.count
        filesAcknowledged = submission.files.filter { $0.fileID != nil && $0.fileInfoSent }.count
        aiGeneratedFiles = submission.incident.files.filter(\.aiGenerated).count
        createdAt = submission.createdAt
        updatedAt = submission.updatedAt
        lastError = submission.lastError
    }
}

/// CSV and JSON exports of report submissions.
public enum ReportExport {
    /// The CSV header, in column order.
    public static let csvHeader = [
        "id", "case", "destination", "status", "report_id", "reported_url", "hosting_country", "files",
        "files_acknowledged", "ai_generated_files", "created_at", "updated_at", "last_error",
    ]

    /// RFC 4180 CSV (CRLF line ends, fields quoted when they hold a comma, quote, CR or LF,
    /// quotes doubled), safe against spreadsheet formula injection: a field starting with
    /// `=`, `+`, `-`, `@`, tab or CR is prefixed with `'`.
    public static func csv(_ submissions: [ReportSubmission]) -> String {
        var lines = [csvHeader.map(csvField).joined(separator: ",")]
        for row in submissions.map(ReportExportRow.init) {
            let fields = [
                row.id, row.caseReference, row.destination, row.status, row.reportID ?? "", row.reportedURL, row.hostingCountry,
                "\(row.files)", "\(row.filesAcknowledged)", "\(row.aiGeneratedFiles)", row.createdAt.formatted(.iso8601),
                row.updatedAt.formatted(.iso8601), row.lastError ?? "",
            ]
            lines.append(fields.map(csvField).joined(separator: ","))
        }
        return lines.joined(separator: "\r\n") + "\r\n"
    }

    /// One CSV field, neutralised and quoted as needed.
    public static func csvField(_ value: String) -> String {
        var text = value
        if let first = text.unicodeScalars.first, ["=", "+", "-", "@", "\t", "\r"].contains(first) {
            text = "'" + text
        }
        let needsQuotes = text.contains { $0 == "," || $0 == "\"" || $0 == "\r" || $0 == "\n" || $0 == "\r\n" }
        guard needsQuotes else { return text }
        return "\"" + text.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }

    /// A JSON array of ``ReportExportRow`` (snake_case keys, ISO 8601 dates, sorted keys).
    public static func json(_ submissions: [ReportSubmission]) throws -> String {
        if submissions.isEmpty { return "[]" }
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        encoder.dateEncodingStrategy = .iso8601
        return String(decoding: try encoder.encode(submissions.map(ReportExportRow.init)), as: UTF8.self)
    }
}
