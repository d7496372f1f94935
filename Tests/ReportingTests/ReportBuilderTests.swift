import Foundation
import Reporting
import Testing

@Suite struct ReportBuilderTests {
    @Test func reportXMLEscapesEveryValueAndRoundTrips() throws {
        let summary = "a < b & \"quoted\" 'single' ]]> \u{01}end"
        let incident = Samples.incident(summary: summary)
        let xml = try CyberTiplineReportBuilder.reportXML(incident)
        let parsed = try XMLSummary(bytes: Array(xml.utf8), step: "test")
        #expect(parsed.root == "report")
        #expect(parsed.text("report/additionalInfo") == "a < b & \"quoted\" 'single' ]]> end")
        #expect(parsed.text("report/incidentSummary/platform") == "Example Hosting & Co <Test>")
        #expect(parsed.text("report/incidentSummary/incidentType") == incident.incidentType)
        #expect(parsed.text("report/incidentSummary/incidentDateTime") == "2025-10-09T08:53:20Z")
        #expect(parsed.text("report/internetDetails/webPageIncident/url") == "https://files.example.net/item?id=1&x=2")
        #expect(parsed.text("report/reporter/reportingPerson/email") == "safety@example.org")
        #expect(!xml.contains("<Test>"))
    }

    @Test func fileDetailsCarryTheGenerativeAIFlagAndHashes() throws {
        let incident = Samples.incident()
        let xml = try CyberTiplineReportBuilder.fileDetailsXML(reportID: "7001", fileID: "f1", file: incident.files[0])
        let parsed = try XMLSummary(bytes: Array(xml.utf8), step: "test")
        #expect(parsed.root == "fileDetails")
        #expect(parsed.text("fileDetails/reportId") == "7001")
        #expect(parsed.text("fileDetails/fileId") == "f1")
        #expect(parsed.text("fileDetails/fileAnnotations/generativeAi") == "true")
        let hashes = parsed.all("fileDetails/originalFileHash")
        #expect(hashes.map { $0.attributes["hashType"] } == ["MD5", "SHA256"])
        #expect(hashes.last?.text == incident.files[0].sha256)
        let second = try CyberTiplineReportBuilder.fileDetailsXML(reportID: "7001", fileID: "f2", file: incident.files[1])
        #expect(try XMLSummary(bytes: Array(second.utf8), step: "t").text("fileDetails/fileAnnotations/generativeAi") == "false")
    }

    /// `incident` with the field `field` made invalid.
    static func breaking(_ field: String) -> ReportIncident {
        var i = Samples.incident()
        switch field {
        case "reporter.contactEmail": i.reporter.contactEmail = "not-an-email"
        case "reporter.companyName": i.reporter.companyName = "  "
        case "incidentType": i.incidentType = "Something else"
        case "reportedURL": i.reportedURL = "ftp://x.example"
        case "hostingCountry": i.hostingCountry = "usa"
        case "files[1].sha256": i.files[1].sha256 = "xyz"
        case "files[0].md5": i.files[0].md5 = "12"
        case "files[0].name": i.files[0].name = ""
        case "files[1].size": i.files[1].size = -1
        default: Issue.record("no way to break \(field)")
        }
        return i
    }

    @Test(arguments: [
        "reporter.contactEmail", "reporter.companyName", "incidentType", "reportedURL", "hostingCountry", "files[1].sha256",
        "files[0].md5", "files[0].name", "files[1].size",
    ])
    func invalidFieldsAreNamed(field: String) throws {
        let incident = Self.breaking(field)
        let error = #expect(throws: ReportingError.self) { try CyberTiplineReportBuilder.reportXML(incident) }
        guard case let .invalidField(name, _) = error else {
            Issue.record("expected invalidField, got \(String(describing: error))")
            return
        }
        #expect(name == field)
        #expect(error?.description.contains(field) == true)
    }
}

@Suite struct ResponseParsingTests {
    func parse(_ text: String, root: String = "reportResponse") throws -> CyberTiplineResponse {
        try CyberTiplineResponse(bytes: Array(text.utf8), step: "submit", expectedRoots: [root])
    }

    @Test func readsASuccessfulResponse() throws {
        let response = try parse("<reportResponse><responseCode>0</responseCode><reportId>42</reportId><fileId>abc</fileId></reportResponse>")
        #expect(response.reportID == "42")
        #expect(response.fileID == "abc")
        let done = try parse(
            "<reportDoneResponse><responseCode>0</responseCode><reportId>42</reportId><files><fileId>a</fileId><fileId>b</fileId></files></reportDoneResponse>",
            root: "reportDoneResponse")
        #expect(done.fileIDs == ["a", "b"])
    }

    @Test func nonZeroResponseCodeIsARejection() {
        #expect(throws: ReportingError.rejected(step: "submit", code: 4100, description: "bad")) {
            try parse("<reportResponse><responseCode>4100</responseCode><responseDescription>bad</responseDescription></reportResponse>")
        }
    }

    @Test(arguments: [
        ("", "empty body"),
        ("<reportResponse><responseCode>0</responseCode>", "not well-formed"),
        ("<reportResponse><responseCode>0</responseCode></reportRespons>", "not well-formed"),
        ("<other><responseCode>0</responseCode></other>", "expected <reportResponse>"),
        ("<reportResponse><reportId>1</reportId></reportResponse>", "missing <responseCode>"),
        ("<reportResponse><responseCode>zero</responseCode></reportResponse>", "is not an integer"),
        ("hello", "not well-formed"),
    ])
    func malformedResponsesAreClearErrors(text: String, expected: String) {
        let error = #expect(throws: ReportingError.self) { try parse(text) }
        #expect(error?.description.contains(expected) == true, "\(String(describing: error))")
        #expect(error?.description.contains("submit") == true)
    }

    @Test func oversizedAndDeepDocumentsAreRefused() {
        let big = "<reportResponse><responseCode>0</responseCode><x>" + String(repeating: "a", count: XMLSummary.maxBytes) + "</x></reportResponse>"
        let error = #expect(throws: ReportingError.self) { try parse(big) }
        #expect(error?.description.contains("exceeds") == true)
        let deep = String(repeating: "<a>", count: 40) + String(repeating: "</a>", count: 40)
        let deepError = #expect(throws: ReportingError.self) { try XMLSummary(bytes: Array(deep.utf8), step: "upload") }
        #expect(deepError?.description.contains("nesting deeper") == true)
    }
}
